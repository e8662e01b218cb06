package dev.earshot.bench.cli;

import dev.earshot.bench.soak.SoakCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench.sh <command> [options]}: the benchmark commands that run the sample
 * assistant under the built agent, one subcommand each. Exit status: 0 done (and, with
 * {@code --check}, passed), 1 failed or a check did not pass, 2 bad usage.
 */
public final class BenchCli {

  /** One subcommand: its one-line summary and what runs it. */
  public interface Command {
    String summary();

    /** Runs with the arguments after the command's name; returns the exit status. */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("soak", new SoakCommand());
  }

  private BenchCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("unknown command: " + args[0]);
      err.println(usage());
      return 2;
    }
    try {
      return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  static String usage() {
    StringBuilder text = new StringBuilder("usage: scripts/bench.sh <command> [options]   (<command> --help for its options)\ncommands:\n");
    COMMANDS.forEach((name, command) -> text.append(String.format("  %-8s %s%n", name, command.summary())));
    return text.toString().stripTrailing();
  }
}
