package dev.earshot.testapps.webapp;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /chat}: the request body is the user's message, the answer the model's text, from a
 * chat completion through the official SDK; {@code ?stream=true} streams it.
 */
@WebServlet("/chat")
public final class ChatServlet extends HttpServlet {

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String message = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage(message).maxCompletionTokens(32).build();
    StringBuilder answer = new StringBuilder();
    if ("true".equals(request.getParameter("stream"))) {
      try (StreamResponse<ChatCompletionChunk> chunks = AssistantLifecycle.client(getServletContext()).chat().completions()
          .createStreaming(params)) {
        chunks.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(answer::append)));
      }
    } else {
      ChatCompletion completion = AssistantLifecycle.client(getServletContext()).chat().completions().create(params);
      completion.choices().forEach(choice -> choice.message().content().ifPresent(answer::append));
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(answer);
  }
}
