package dev.earshot.sample.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import dev.earshot.sample.http.ApiError;
import dev.earshot.sample.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/chat} with {@code {"message":"..."}}: streams the model's answer as
 * server-sent events, one {@code data: {"delta":"..."}} per chunk of text, then {@code event:
 * done} with {@code {"finishReason":...,"model":...,"usage":{...}}}.
 *
 * <p>The answer comes from the SDK's {@code createStreaming} and is relayed chunk by chunk as it
 * arrives (each event is flushed). When the caller disconnects, the next write fails and the SDK
 * stream is closed, which abandons the OpenAI response instead of reading it to the end.
 *
 * <p>Failures before the first byte of the answer (after the SDK's retries) are plain JSON errors,
 * 429/502/504 (see {@link LlmUnavailableException}); a failure in the middle of the stream, when
 * the status is already sent, ends it with {@code event: error} and the same JSON error body.
 */
public final class ChatRoutes implements RouteGroup {

  public static final String PATH = "/api/chat";

  private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);

  /** {@code data:} of a text chunk. */
  public record DeltaJson(String delta) {}

  /** {@code data:} of the {@code done} event; usage is null if OpenAI sent none. */
  public record DoneJson(String finishReason, String model, UsageJson usage) {}

  public record UsageJson(long promptTokens, long completionTokens, long totalTokens) {}

  private final AssistantLlm llm;
  private final ChatRequestParser requestParser;
  private final ObjectMapper objectMapper;

  public ChatRoutes(AssistantLlm llm, ChatRequestParser requestParser, ObjectMapper objectMapper) {
    this.llm = llm;
    this.requestParser = requestParser;
    this.objectMapper = objectMapper;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(PATH, this::chat);
  }

  private void chat(Context ctx) {
    String message = requestParser.parse(ctx.body());
    try (StreamResponse<ChatCompletionChunk> answer = llm.streamChat(message)) {
      EventStream events = EventStream.start(ctx.res());
      String finishReason = null;
      String model = null;
      UsageJson usage = null;
      try {
        for (Iterator<ChatCompletionChunk> chunks = answer.stream().iterator(); chunks.hasNext(); ) {
          ChatCompletionChunk chunk = chunks.next();
          model = chunk.model();
          for (ChatCompletionChunk.Choice choice : chunk.choices()) {
            String text = choice.delta().content().orElse("");
            if (!text.isEmpty()) {
              events.send(null, json(new DeltaJson(text)));
            }
            if (choice.finishReason().isPresent()) {
              finishReason = choice.finishReason().get().asString();
            }
          }
          if (chunk.usage().isPresent()) {
            CompletionUsage tokens = chunk.usage().get();
            usage = new UsageJson(tokens.promptTokens(), tokens.completionTokens(), tokens.totalTokens());
          }
        }
      } catch (OpenAIException e) {
        LlmUnavailableException failure = LlmUnavailableException.from(e);
        LOG.warn("OpenAI chat stream failed mid-way: {}", failure.upstream());
        events.send("error", json(ApiError.of(failure.status(), failure.getMessage())));
        return;
      }
      events.send("done", json(new DoneJson(finishReason, model, usage)));
    } catch (ClientGoneException e) {
      // The caller hung up; leaving the try block closed the SDK stream and with it the upstream
      // response. Nothing to answer.
      LOG.debug("chat client disconnected mid-stream");
    }
  }

  private String json(Object value) {
    try {
      return objectMapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The caller's connection is gone (a write failed). */
  static final class ClientGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGoneException(IOException cause) {
      super("client disconnected", cause, false, false);
    }
  }

  /** Server-sent events straight to the servlet response, flushed one by one. */
  static final class EventStream {
    private final ServletOutputStream out;

    private EventStream(ServletOutputStream out) {
      this.out = out;
    }

    static EventStream start(HttpServletResponse response) {
      response.setStatus(200);
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      // Tell reverse proxies (nginx) not to buffer the stream.
      response.setHeader("X-Accel-Buffering", "no");
      try {
        EventStream stream = new EventStream(response.getOutputStream());
        stream.out.flush(); // commits the headers, so the client knows the answer is coming
        return stream;
      } catch (IOException e) {
        throw new ClientGoneException(e);
      }
    }

    void send(String event, String data) {
      String text = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new ClientGoneException(e);
      }
    }
  }
}
