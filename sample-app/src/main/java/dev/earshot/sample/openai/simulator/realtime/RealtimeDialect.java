package dev.earshot.sample.openai.simulator.realtime;

/**
 * Which names the server's events carry. OpenAI renamed several events when the Realtime API left
 * beta; a client that still sends {@code OpenAI-Beta: realtime=v1} (or the browser subprotocol
 * {@code openai-beta.realtime-v1}) gets the old names, every other client the GA ones. The session
 * code always speaks GA names and this class translates on the way out.
 */
public enum RealtimeDialect {
  GA,
  BETA;

  /** The wire name of the GA event {@code gaType} in this dialect. */
  String type(String gaType) {
    if (this == GA) {
      return gaType;
    }
    return switch (gaType) {
      case "response.output_audio.delta" -> "response.audio.delta";
      case "response.output_audio.done" -> "response.audio.done";
      case "response.output_audio_transcript.delta" -> "response.audio_transcript.delta";
      case "response.output_audio_transcript.done" -> "response.audio_transcript.done";
      case "response.output_text.delta" -> "response.text.delta";
      case "response.output_text.done" -> "response.text.done";
      case "conversation.item.added" -> "conversation.item.created";
      default -> gaType;
    };
  }

  /** GA follows {@code conversation.item.added} with {@code .done}; beta had only {@code .created}. */
  boolean sendsItemDone() {
    return this == GA;
  }

  /** The content type of the assistant's audio in an item ({@code output_audio}, beta {@code audio}). */
  String outputAudioContentType() {
    return this == GA ? "output_audio" : "audio";
  }

  /** The content type of the assistant's text in an item ({@code output_text}, beta {@code text}). */
  String outputTextContentType() {
    return this == GA ? "output_text" : "text";
  }
}
