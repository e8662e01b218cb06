package dev.earshot.sample.voice;

import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.earshot.sample.openai.AssistantLlm;
import dev.earshot.sample.openai.LlmUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking work of one answer, run on a worker of the conversation's bounded executor, never
 * on the WebSocket thread: transcribe the user's utterance, stream the chat completion, and speak
 * it sentence by sentence as the sentences complete (so the first audio does not wait for the
 * whole answer), handing the PCM to the {@link VoiceResponse} that paces it out.
 *
 * <p>Between steps and between chunks it checks whether the response was cancelled; a
 * cancellation also closes the SDK call in progress, which abandons its HTTP exchange. Nothing
 * here logs the utterance, the transcript or the answer.
 */
final class AnswerPipeline implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerPipeline.class);

  private final AssistantLlm llm;
  private final VoiceResponse response;
  private final String userItemId;
  private final byte[] utterancePcm;
  private final int sampleRate;
  private final String voice;

  AnswerPipeline(
      AssistantLlm llm, VoiceResponse response, String userItemId, byte[] utterancePcm, int sampleRate, String voice) {
    this.llm = llm;
    this.response = response;
    this.userItemId = userItemId;
    this.utterancePcm = utterancePcm;
    this.sampleRate = sampleRate;
    this.voice = voice;
  }

  @Override
  public void run() {
    try {
      answer();
    } catch (LlmUnavailableException e) {
      if (!response.stopped()) {
        LOG.warn("voice answer failed: {}", e.upstream());
        response.fail(e.status() == 429 ? "rate_limit_exceeded" : "upstream_error", e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      // After a cancellation, closing the SDK call makes the reading side fail: expected.
      if (!response.stopped()) {
        LOG.warn("voice answer failed: {}", e.getClass().getSimpleName());
        response.fail("server_error", "The answer could not be produced");
      }
    }
  }

  private void answer() throws IOException {
    if (response.stopped()) {
      return;
    }
    Transcription transcription = llm.transcribe(Wav.wrap(utterancePcm, sampleRate));
    response.usage().addTranscription(transcription);
    String text = transcription.text();
    response.send(RealtimeEvents.transcriptionCompleted(
        userItemId, text, VoiceUsage.transcriptionJson(transcription)));
    if (text.isBlank() || response.stopped()) {
      response.producerDone();
      return;
    }
    SentenceSplitter sentences = new SentenceSplitter();
    try (StreamResponse<ChatCompletionChunk> chat = llm.streamChat(text)) {
      if (!response.track(chat)) {
        return;
      }
      for (Iterator<ChatCompletionChunk> chunks = chat.stream().iterator(); chunks.hasNext(); ) {
        ChatCompletionChunk chunk = chunks.next();
        chunk.usage().ifPresent(usage -> response.usage().addChat(usage));
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          for (String sentence : sentences.add(choice.delta().content().orElse(""))) {
            speak(sentence, chat);
          }
        }
        if (response.stopped()) {
          return;
        }
      }
    }
    for (String sentence : sentences.flush()) {
      speak(sentence, null);
    }
    response.producerDone();
  }

  /** Speaks one sentence; {@code chat} (still streaming) becomes the tracked call again after it. */
  private void speak(String sentence, AutoCloseable chat) throws IOException {
    if (response.stopped()) {
      return;
    }
    response.sentence(sentence);
    try (HttpResponse speech = llm.speak(sentence, voice); InputStream body = speech.body()) {
      if (!response.track(speech)) {
        return;
      }
      byte[] buffer = new byte[sampleRate * 2 / 10]; // 100 ms per read
      int read;
      while ((read = body.readNBytes(buffer, 0, buffer.length)) > 0) {
        response.audio(buffer, read);
        if (response.stopped()) {
          return;
        }
      }
    }
    if (chat != null) {
      response.track(chat);
    }
  }
}
