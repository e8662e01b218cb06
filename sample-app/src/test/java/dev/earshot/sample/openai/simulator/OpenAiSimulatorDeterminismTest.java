package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Same seed, same traffic: same answers, token counts, ids and request ids. */
@Timeout(30)
class OpenAiSimulatorDeterminismTest {

  /** What one run of three requests produced. */
  private record Run(List<String> answers, List<String> ids, List<String> requestIds, List<Long> usage, List<Float> vector) {}

  private static Run run(long seed) {
    try (OpenAiSimulator simulator = SdkClients.start(SimulatorConfig.defaults(seed).withTiming(0, 0, 12))) {
      OpenAIClient client = SdkClients.client(simulator, 0);
      try {
        List<String> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        List<Long> usage = new ArrayList<>();
        for (String question : List.of("What time is it?", "Play music", "What time is it?")) {
          HttpResponseFor<ChatCompletion> response =
              client.chat().completions().withRawResponse().create(
                  ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(question).build());
          ChatCompletion completion = response.parse();
          answers.add(completion.choices().get(0).message().content().orElseThrow());
          ids.add(completion.id());
          requestIds.add(response.headers().values("x-request-id").get(0));
          usage.add(completion.usage().orElseThrow().totalTokens());
        }
        List<Float> vector =
            client.embeddings().create(
                EmbeddingCreateParams.builder().model("text-embedding-3-small").input("hello").dimensions(8).build())
                .data().get(0).embedding();
        return new Run(answers, ids, requestIds, usage, vector);
      } finally {
        client.close();
      }
    }
  }

  @Test
  void theSameSeedRepeatsEverything() {
    Run first = run(7);
    Run second = run(7);

    assertThat(second).isEqualTo(first);
    assertThat(first.answers().get(0)).as("same question, same answer").isEqualTo(first.answers().get(2));
    assertThat(first.answers().get(0)).isNotEqualTo(first.answers().get(1));
    assertThat(first.ids()).doesNotHaveDuplicates();
    assertThat(first.answers().get(0).split(" ")).hasSize(12);
  }

  @Test
  void anotherSeedChangesTheMadeUpValues() {
    Run first = run(7);
    Run other = run(8);

    assertThat(other.ids()).isNotEqualTo(first.ids());
    assertThat(other.requestIds()).isNotEqualTo(first.requestIds());
    assertThat(other.vector()).isNotEqualTo(first.vector());
    assertThat(other.usage()).as("token counts depend on the text only").isEqualTo(first.usage());
  }
}
