package dev.earshot.agent.voice;

import dev.earshot.agent.openai.ResponseScanner;

/**
 * Follows one Realtime conversation (one WebSocket connection) through the events it carries, in
 * both directions, and reports what a voice team measures: turns, barge-ins and the latencies
 * between user speech and the assistant's reaction.
 *
 * <p>Event names say who sent them (the server's {@code input_audio_buffer.speech_started}, the
 * client's {@code response.cancel}), so the same tracker serves an application that is the
 * Realtime server (a browser talks to it) and one that is a client of OpenAI's. Definitions:
 *
 * <ul>
 *   <li>user turn: {@code input_audio_buffer.committed} (after server VAD or a manual commit);
 *   <li>assistant turn: a {@code response.done} whose response produced output (audio, text or
 *       transcript deltas), whatever its status: an answer cut short by a barge-in was a turn;
 *   <li>interruption (barge-in): user speech starting, or the client cancelling, truncating or
 *       clearing the output, while a response is being produced or its audio played; once per
 *       response;
 *   <li>voice response latency: end of the user's speech ({@code speech_stopped}, else
 *       {@code committed}) to the first audio delta of the next response;
 *   <li>barge-in latency: the interruption to the response being cut: {@code response.done} with
 *       status cancelled, or {@code output_audio_buffer.cleared}, whichever comes first;
 *   <li>transcription delay: end of the user's speech to its
 *       {@code conversation.item.input_audio_transcription.completed} (first in, first out).
 * </ul>
 *
 * <p>Thread-safe: a connection's frames are sent and received on different threads.
 */
public final class ConversationTracker {

  /** Receives what the tracker found; called on the thread that passed the frame, under its lock. */
  public interface Listener {
    void userTurn();

    void assistantTurn();

    void interruption();

    void voiceResponseLatency(long nanos);

    void bargeInLatency(long nanos);

    void transcriptionDelay(long nanos);

    /**
     * A response ended.
     *
     * @param status one of {@code ResponseScanner.STATUS_*}
     * @param usage the scanner that read the {@code response.done} event: its token counts
     * @param model the session's model ({@code session.created/updated}), or null
     */
    void responseDone(int status, ResponseScanner usage, String model);
  }

  private static final int MAX_PENDING_TRANSCRIPTIONS = 8;

  private final Listener listener;
  private String sessionModel;

  private boolean responseActive;
  private boolean responseHasOutput;
  private boolean firstAudioSeen;
  private boolean audioPlaying;
  private boolean interrupted;
  private long bargeInStartNanos = -1;
  /** End of the latest user speech not yet answered by audio; -1 when none. */
  private long speechEndNanos = -1;
  private boolean speechStoppedSinceCommit;
  private final long[] pendingTranscriptions = new long[MAX_PENDING_TRANSCRIPTIONS];
  private int pendingHead;
  private int pendingCount;

  public ConversationTracker(Listener listener) {
    this.listener = listener;
  }

  /**
   * A text frame passed through the connection (either direction).
   *
   * @return its event code ({@link RealtimeEvents})
   */
  public int onFrame(CharSequence frame, long nanos) {
    int code = RealtimeEvents.classify(frame);
    onClassified(code, frame, nanos);
    return code;
  }

  /** A text frame whose event code ({@link RealtimeEvents#classify}) is already known. */
  public void onClassified(int code, CharSequence frame, long nanos) {
    if (code == RealtimeEvents.SESSION_CREATED || code == RealtimeEvents.SESSION_UPDATED) {
      // Rare: the session names its model ({"session":{"model":...}}).
      ResponseScanner scanner = ResponseScanner.forJson();
      scanner.feed(frame);
      String model = scanner.model();
      if (model != null) {
        synchronized (this) {
          sessionModel = model;
        }
      }
    } else if (code == RealtimeEvents.RESPONSE_DONE) {
      // Once per response, and small next to audio: read for its status and usage.
      ResponseScanner scanner = ResponseScanner.forJson();
      scanner.feed(frame);
      onResponseDone(scanner.responseStatus(), scanner, nanos);
    } else if (code > RealtimeEvents.OTHER) {
      onEvent(code, nanos);
    }
  }

  /** An event other than {@code response.done}. */
  public synchronized void onEvent(int code, long nanos) {
    switch (code) {
      case RealtimeEvents.SPEECH_STARTED:
        interruptIfAnswering(nanos);
        break;
      case RealtimeEvents.SPEECH_STOPPED:
        speechEnded(nanos);
        speechStoppedSinceCommit = true;
        break;
      case RealtimeEvents.AUDIO_COMMITTED:
        listener.userTurn();
        if (!speechStoppedSinceCommit) {
          speechEnded(nanos);
        }
        speechStoppedSinceCommit = false;
        break;
      case RealtimeEvents.TRANSCRIPTION_COMPLETED:
        if (pendingCount > 0) {
          listener.transcriptionDelay(nanos - popPending());
        }
        break;
      case RealtimeEvents.TRANSCRIPTION_FAILED:
        if (pendingCount > 0) {
          popPending();
        }
        break;
      case RealtimeEvents.RESPONSE_CREATED:
        responseActive = true;
        responseHasOutput = false;
        firstAudioSeen = false;
        interrupted = false;
        bargeInStartNanos = -1;
        break;
      case RealtimeEvents.OUTPUT_AUDIO_DELTA:
        responseHasOutput = true;
        if (!firstAudioSeen) {
          firstAudioSeen = true;
          if (speechEndNanos >= 0) {
            listener.voiceResponseLatency(nanos - speechEndNanos);
            speechEndNanos = -1;
          }
        }
        break;
      case RealtimeEvents.OUTPUT_TEXT_DELTA:
      case RealtimeEvents.OUTPUT_TRANSCRIPT_DELTA:
        responseHasOutput = true;
        break;
      case RealtimeEvents.RESPONSE_CANCEL:
      case RealtimeEvents.ITEM_TRUNCATE:
      case RealtimeEvents.OUTPUT_AUDIO_BUFFER_CLEAR:
        interruptIfAnswering(nanos);
        break;
      case RealtimeEvents.OUTPUT_AUDIO_BUFFER_STARTED:
        audioPlaying = true;
        break;
      case RealtimeEvents.OUTPUT_AUDIO_BUFFER_STOPPED:
        audioPlaying = false;
        break;
      case RealtimeEvents.OUTPUT_AUDIO_BUFFER_CLEARED:
        audioPlaying = false;
        bargeInCompleted(nanos);
        break;
      default:
        break;
    }
  }

  /** {@code response.done} with its status ({@code ResponseScanner.STATUS_*}). */
  public synchronized void onResponseDone(int status, ResponseScanner usage, long nanos) {
    if (status == ResponseScanner.STATUS_CANCELLED) {
      bargeInCompleted(nanos);
    }
    if (responseHasOutput) {
      listener.assistantTurn();
    }
    listener.responseDone(status, usage, sessionModel);
    responseActive = false;
    responseHasOutput = false;
    bargeInStartNanos = -1;
  }

  private void interruptIfAnswering(long nanos) {
    if ((responseActive || audioPlaying) && !interrupted) {
      interrupted = true;
      bargeInStartNanos = nanos;
      listener.interruption();
    }
  }

  private void bargeInCompleted(long nanos) {
    if (bargeInStartNanos >= 0) {
      listener.bargeInLatency(nanos - bargeInStartNanos);
      bargeInStartNanos = -1;
    }
  }

  private void speechEnded(long nanos) {
    speechEndNanos = nanos;
    if (pendingCount == MAX_PENDING_TRANSCRIPTIONS) {
      // Transcriptions never reported (switched off): forget the oldest.
      popPending();
    }
    pendingTranscriptions[(pendingHead + pendingCount) % MAX_PENDING_TRANSCRIPTIONS] = nanos;
    pendingCount++;
  }

  private long popPending() {
    long started = pendingTranscriptions[pendingHead];
    pendingHead = (pendingHead + 1) % MAX_PENDING_TRANSCRIPTIONS;
    pendingCount--;
    return started;
  }
}
