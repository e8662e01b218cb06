package dev.earshot.sample.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

  private static Session newSession() {
    return new Session(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), "alloy");
  }

  @Test
  void findsAndRemovesSessions() {
    SessionStore store = new SessionStore(10);
    Session session = newSession();
    store.add(session);

    assertThat(store.find(session.id())).contains(session);
    assertThat(store.find(UUID.randomUUID())).isEmpty();
    assertThat(store.remove(session.id())).isTrue();
    assertThat(store.remove(session.id())).isFalse();
    assertThat(store.find(session.id())).isEmpty();
  }

  @Test
  void evictsTheOldestSessionBeyondCapacity() {
    SessionStore store = new SessionStore(2);
    Session first = newSession();
    Session second = newSession();
    Session third = newSession();
    store.add(first);
    store.add(second);
    store.find(first.id()); // reads do not refresh age: eviction is by creation order
    store.add(third);

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.find(first.id())).isEmpty();
    assertThat(store.find(second.id())).contains(second);
    assertThat(store.find(third.id())).contains(third);
  }
}
