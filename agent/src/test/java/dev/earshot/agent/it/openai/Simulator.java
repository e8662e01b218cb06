package dev.earshot.agent.it.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample app's OpenAI simulator in its own JVM, without the agent: the OpenAI API the test
 * applications call, and its control API ({@code /_simulator/...}) for faults, timing and stats.
 *
 * <p>Needs {@code sample-app/target/earshot-sample-app.jar} (or {@code -Dearshot.it.sample.jar}).
 */
public final class Simulator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentProcess process;
  private final int port;

  private Simulator(AgentProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a simulator on a free loopback port with seed 1 and the given extra options. */
  public static Simulator start(String name, String... options) {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--seed", "1"));
    args.addAll(List.of(options));
    AgentProcess process = AgentProcess.builder("dev.earshot.sample.openai.simulator.OpenAiSimulator").name(name)
        .withoutAgent().classPath(sampleJar().toString()).args(args.toArray(String[]::new)).start();
    String port = process.awaitOutput("OpenAI simulator listening on http://127\\.0\\.0\\.1:(\\d+)/v1", Duration.ofSeconds(30)).group(1);
    return new Simulator(process, Integer.parseInt(port));
  }

  public static Path sampleJar() {
    String configured = System.getProperty("earshot.it.sample.jar");
    Path jar = (configured != null ? Paths.get(configured) : Paths.get("..", "sample-app", "target", "earshot-sample-app.jar"))
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the sample app jar " + jar + " does not exist: package the sample-app module before the agent's"
          + " integration tests run (mvn -pl sample-app package), or point -Dearshot.it.sample.jar at it");
    }
    return jar;
  }

  public int port() {
    return port;
  }

  /** {@code host:port} as the agent's {@code earshot.openai.hosts} takes it. */
  public String hostAndPort() {
    return "127.0.0.1:" + port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/v1";
  }

  /** Changes settings, e.g. {@code {"ttftMs":400}}. */
  public void config(String json) {
    control(Http.post(controlUrl("/config"), json));
  }

  /** Exactly the next {@code count} API requests fail with {@code status}. */
  void failNext(int count, int status) {
    control(Http.post(controlUrl("/fail-next"), "{\"count\":" + count + ",\"status\":" + status + "}"));
  }

  public JsonNode stats() {
    return parse(control(Http.get(controlUrl("/stats"))));
  }

  private String controlUrl(String action) {
    return "http://127.0.0.1:" + port + "/_simulator" + action;
  }

  private static String control(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("simulator control call answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
