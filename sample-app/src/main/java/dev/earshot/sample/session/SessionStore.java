package dev.earshot.sample.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * In-memory session storage, bounded to {@code maxSessions} entries: adding one more evicts the
 * oldest. The app is a load-test target, and an unbounded map would let a long test exhaust the
 * heap and turn GC pauses into noise in the very latency metrics being demonstrated.
 *
 * <p>A single lock guards the map; every operation is a constant-time map access.
 */
public final class SessionStore {

  private final int maxSessions;
  private final Map<UUID, Session> sessions;

  public SessionStore(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.sessions =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, Session> eldest) {
            return size() > SessionStore.this.maxSessions;
          }
        };
  }

  public synchronized void add(Session session) {
    sessions.put(session.id(), session);
  }

  public synchronized Optional<Session> find(UUID id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Returns whether a session was removed. */
  public synchronized boolean remove(UUID id) {
    return sessions.remove(id) != null;
  }

  public synchronized int size() {
    return sessions.size();
  }

  public int maxSessions() {
    return maxSessions;
  }
}
