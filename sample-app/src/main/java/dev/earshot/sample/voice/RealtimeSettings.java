package dev.earshot.sample.voice;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@code /ws/realtime} behaves.
 *
 * @param mode {@code local}: the assistant's own voice pipeline (VAD, transcription, chat, speech
 *     through the SDK); {@code relay}: frames are relayed both ways to an OpenAI Realtime WebSocket
 *     ({@code --realtime} / {@code REALTIME_MODE}, default local)
 * @param maxSessions concurrent sessions; one more is closed with 1013 try-again-later ({@code
 *     --realtime-max-sessions} / {@code REALTIME_MAX_SESSIONS}, default 64)
 * @param maxUtterance longest user turn; speech beyond it commits the turn at that length ({@code
 *     --realtime-max-utterance-seconds} / {@code REALTIME_MAX_UTTERANCE_SECONDS}, default 30 s)
 * @param workers threads doing the blocking SDK work of all sessions ({@code --realtime-workers} /
 *     {@code REALTIME_WORKERS}, default 8); answers beyond {@link #queuedAnswers()} waiting for one
 *     fail at once rather than pile up
 */
public record RealtimeSettings(Mode mode, int maxSessions, Duration maxUtterance, int workers) {

  public enum Mode {
    LOCAL,
    RELAY;

    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("realtime mode must be 'local' or 'relay', was '" + value + "'");
      }
    }
  }

  public static final int DEFAULT_MAX_SESSIONS = 64;
  public static final int DEFAULT_MAX_UTTERANCE_SECONDS = 30;
  public static final int DEFAULT_WORKERS = 8;

  public RealtimeSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(maxUtterance, "maxUtterance");
    if (maxSessions < 1 || maxSessions > 10_000) {
      throw new IllegalArgumentException("realtime max sessions must be between 1 and 10000, was " + maxSessions);
    }
    if (maxUtterance.toMillis() < 1_000 || maxUtterance.toMinutes() > 10) {
      throw new IllegalArgumentException("realtime max utterance must be between 1 s and 10 min, was " + maxUtterance);
    }
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("realtime workers must be between 1 and 256, was " + workers);
    }
  }

  public static RealtimeSettings defaults() {
    return new RealtimeSettings(
        Mode.LOCAL, DEFAULT_MAX_SESSIONS, Duration.ofSeconds(DEFAULT_MAX_UTTERANCE_SECONDS), DEFAULT_WORKERS);
  }

  /** Answers that may wait for a worker; a session has at most one answer in flight. */
  public int queuedAnswers() {
    return Math.max(maxSessions, workers * 4);
  }

  public RealtimeSettings withMode(Mode newMode) {
    return new RealtimeSettings(newMode, maxSessions, maxUtterance, workers);
  }

  public RealtimeSettings withMaxSessions(int sessions) {
    return new RealtimeSettings(mode, sessions, maxUtterance, workers);
  }

  public RealtimeSettings withMaxUtterance(Duration utterance) {
    return new RealtimeSettings(mode, maxSessions, utterance, workers);
  }
}
