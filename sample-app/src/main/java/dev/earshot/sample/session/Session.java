package dev.earshot.sample.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A conversation session of the voice assistant. For now it only records which synthetic voice
 * the assistant speaks with; later features (model calls, a realtime audio WebSocket) attach to a
 * session by its id.
 */
public record Session(UUID id, Instant createdAt, String voice) {

  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(voice, "voice");
  }
}
