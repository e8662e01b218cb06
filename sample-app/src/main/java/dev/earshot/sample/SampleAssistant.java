package dev.earshot.sample;

import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point of the Earshot sample assistant: the demo voice-assistant backend that the Earshot
 * {@code -javaagent} instruments.
 *
 * <p>This application intentionally contains no OpenTelemetry or metrics code. Everything Earshot
 * reports about it must come from the agent, which is the point of the demo.
 *
 * <p>Run it with {@code java -jar sample-app/target/earshot-sample-app.jar --port 8080}; see
 * {@link SampleAssistantConfig#USAGE} for all options. Once the server accepts connections it
 * prints exactly one line to stdout, {@code Earshot sample assistant listening on
 * http://HOST:PORT}, with the real port even when started with {@code --port 0}. Test harnesses
 * wait for that line, so keep its wording stable.
 */
public final class SampleAssistant {

  private SampleAssistant() {}

  public static void main(String[] args) {
    SampleAssistantConfig config;
    try {
      config = SampleAssistantConfig.resolve(args, System.getenv());
    } catch (SampleAssistantConfig.HelpRequestedException e) {
      System.out.println(SampleAssistantConfig.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(SampleAssistantConfig.USAGE);
      System.exit(2);
      return;
    }

    SampleAssistantServer server;
    try {
      server = start(config, System.out);
    } catch (RuntimeException e) {
      // Typically "address already in use"; Javalin has logged the details already.
      System.err.println("error: could not start the sample assistant: " + e.getMessage());
      System.exit(1);
      return;
    }
    // Jetty's threads are non-daemon and keep the JVM alive; stop them cleanly on Ctrl-C / SIGTERM
    // so in-flight requests finish and the agent sees a normal shutdown.
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "earshot-sample-shutdown"));
  }

  /**
   * Starts the server and announces it on {@code out}. Separate from {@link #main} so tests can
   * start the real application without a process and without {@link System#exit}.
   */
  public static SampleAssistantServer start(SampleAssistantConfig config, PrintStream out) {
    SampleAssistantServer server = SampleAssistantServer.start(config);
    out.println(server.startupLine());
    out.flush();
    return server;
  }

  /** Convenience for tests: resolves {@code args} against the given environment, then starts. */
  static SampleAssistantServer start(String[] args, Map<String, String> env, PrintStream out) {
    return start(SampleAssistantConfig.resolve(args, env), out);
  }
}
