package dev.earshot.sample.openai.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start the simulator: where to listen plus the initial {@link SimulatorConfig}. Resolved
 * from command-line arguments first, then {@code OPENAI_SIM_*} environment variables, then
 * defaults; {@code --name value} and {@code --name=value} are both accepted.
 *
 * @param host bind address ({@code --host} / {@code OPENAI_SIM_HOST}, default {@code 127.0.0.1})
 * @param port listen port ({@code --port} / {@code OPENAI_SIM_PORT}, default 8090; 0 = any free)
 * @param config the behaviour at start; changeable later through {@code /_simulator/config}
 */
public record SimulatorOptions(String host, int port, SimulatorConfig config) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8090;

  public static final String USAGE = usage();

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(config, "config");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }

  /** Loopback, any free port, the given behaviour: what tests and the sample app use. */
  public static SimulatorOptions loopback(SimulatorConfig config) {
    return new SimulatorOptions(DEFAULT_HOST, 0, config);
  }

  /**
   * @throws HelpRequestedException on {@code --help} or {@code -h}
   * @throws IllegalArgumentException on unknown options or invalid values; the message says which
   */
  public static SimulatorOptions resolve(String[] args, Map<String, String> env) {
    String host = env.getOrDefault(SimulatorConfig.ENV_PREFIX + "HOST", DEFAULT_HOST);
    int port = parsePort("env " + SimulatorConfig.ENV_PREFIX + "PORT",
        env.getOrDefault(SimulatorConfig.ENV_PREFIX + "PORT", Integer.toString(DEFAULT_PORT)));
    SimulatorConfig config = SimulatorConfig.fromEnv(env);

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new HelpRequestedException();
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unknown argument: " + arg);
      }
      String name = arg.substring(2);
      String inlineValue = null;
      int equals = name.indexOf('=');
      if (equals > 0) {
        inlineValue = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      SimulatorConfig.Setting setting = SimulatorConfig.settingForOption(name);
      if (setting != null && setting.valueName().isEmpty()) {
        // A flag: present means true; --flag=false is allowed too.
        config = config.with(setting.json(), inlineValue == null ? "true" : inlineValue, "--" + name);
        continue;
      }
      if (setting == null && !name.equals("host") && !name.equals("port")) {
        throw new IllegalArgumentException("unknown argument: " + arg);
      }
      String value = inlineValue;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "host" -> host = value;
        case "port" -> port = parsePort("--port", value);
        default -> config = config.with(setting.json(), value.trim(), "--" + name);
      }
    }
    return new SimulatorOptions(host, port, config);
  }

  private static int parsePort(String source, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be an integer, was '" + value + "'");
    }
  }

  private static String usage() {
    List<String> lines = new ArrayList<>();
    lines.add("Usage: java -cp earshot-sample-app.jar " + OpenAiSimulator.class.getName() + " [options]");
    lines.add("An OpenAI-compatible HTTP API on loopback for tests and demos. Every option can also be");
    lines.add("set as an environment variable (shown in brackets) and, while running, through");
    lines.add("POST /_simulator/config with the JSON name (e.g. {\"ttftMs\":300}).");
    lines.add(String.format("  %-34s %s", "--host ADDR", "bind address [OPENAI_SIM_HOST] (default 127.0.0.1)"));
    lines.add(String.format("  %-34s %s", "--port N", "listen port, 0 = any free [OPENAI_SIM_PORT] (default 8090)"));
    for (SimulatorConfig.Setting setting : SimulatorConfig.SETTINGS) {
      String option = "--" + setting.option() + (setting.valueName().isEmpty() ? "" : " " + setting.valueName());
      lines.add(String.format("  %-34s %s [%s, JSON %s]", option, setting.help(), setting.env(), setting.json()));
    }
    lines.add(String.format("  %-34s %s", "--help", "show this help"));
    return String.join(System.lineSeparator(), lines);
  }

  /** Signals that the user asked for the usage text rather than a running simulator. */
  public static final class HelpRequestedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequestedException() {
      super("help requested", null, false, false);
    }
  }
}
