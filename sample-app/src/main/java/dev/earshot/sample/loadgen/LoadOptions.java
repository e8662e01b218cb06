package dev.earshot.sample.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Options of the voice load generator, all bounded so a typo cannot start an unbounded run.
 *
 * @param callers concurrent simulated callers ({@code --callers}, 1 to 500, default 3)
 * @param duration how long the run lasts at most ({@code --duration-seconds}, default 60, at most
 *     7 days)
 * @param turnsPerCaller a caller hangs up after this many turns; 0 = keep talking until the
 *     duration ends ({@code --turns}, default 0)
 * @param url the {@code /ws/realtime} URL ({@code --url}, default {@code
 *     ws://127.0.0.1:8080/ws/realtime})
 * @param seed seeds every caller's choices (utterances, pauses, barge-ins) ({@code --seed},
 *     default 1)
 * @param bargeInProbability chance that a caller talks over an answer ({@code --barge-in}, 0 to
 *     1, default 0.2)
 * @param wav a 16-bit PCM WAV file spoken as every utterance instead of synthetic speech ({@code
 *     --wav}); it should hold one utterance with little silence
 */
public record LoadOptions(
    int callers, Duration duration, int turnsPerCaller, URI url, long seed, double bargeInProbability, Path wav) {

  public static final String USAGE = String.join(System.lineSeparator(),
      "Usage: java -cp earshot-sample-app.jar dev.earshot.sample.loadgen.VoiceCallers [options]",
      "Simulated callers talking to the sample assistant's /ws/realtime in real time: each streams",
      "speech in 20 ms input_audio_buffer.append frames, waits for the spoken answer, sometimes",
      "talks over it (barge-in), pauses, and speaks again. Prints a summary at the end.",
      "  --callers N            concurrent callers, 1-500 (default 3)",
      "  --duration-seconds S   length of the run, at most 604800 (default 60)",
      "  --turns N              turns per caller, then hang up; 0 = until the duration ends (default 0)",
      "  --url URL              the WebSocket (default ws://127.0.0.1:8080/ws/realtime)",
      "  --seed N               seed of the callers' choices (default 1)",
      "  --barge-in P           probability of talking over an answer, 0-1 (default 0.2)",
      "  --wav PATH             speak this 16-bit PCM WAV file instead of synthetic speech",
      "  --help                 show this help",
      "Exit status: 0, or 1 if no caller could connect, 2 on bad options.");

  public LoadOptions {
    if (callers < 1 || callers > 500) {
      throw new IllegalArgumentException("--callers must be between 1 and 500, was " + callers);
    }
    if (duration.isNegative() || duration.isZero() || duration.toDays() > 7) {
      throw new IllegalArgumentException("--duration-seconds must be between 1 and 604800");
    }
    if (turnsPerCaller < 0 || turnsPerCaller > 100_000) {
      throw new IllegalArgumentException("--turns must be between 0 and 100000, was " + turnsPerCaller);
    }
    if (!(bargeInProbability >= 0 && bargeInProbability <= 1)) {
      throw new IllegalArgumentException("--barge-in must be between 0 and 1, was " + bargeInProbability);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("--url must be a ws:// or wss:// URL, was " + url);
    }
  }

  public static LoadOptions defaults() {
    return new LoadOptions(3, Duration.ofSeconds(60), 0, URI.create("ws://127.0.0.1:8080/ws/realtime"), 1, 0.2, null);
  }

  /** Thrown for {@code --help}. */
  public static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super("help", null, false, false);
    }
  }

  public static LoadOptions parse(String... args) {
    LoadOptions o = defaults();
    int callers = o.callers;
    long seconds = o.duration.toSeconds();
    int turns = o.turnsPerCaller;
    URI url = o.url;
    long seed = o.seed;
    double bargeIn = o.bargeInProbability;
    Path wav = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (name.equals("--help") || name.equals("-h")) {
        throw new HelpRequested();
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (name) {
          case "--callers" -> callers = Integer.parseInt(value.trim());
          case "--duration-seconds" -> seconds = Long.parseLong(value.trim());
          case "--turns" -> turns = Integer.parseInt(value.trim());
          case "--url" -> url = URI.create(value.trim());
          case "--seed" -> seed = Long.parseLong(value.trim());
          case "--barge-in" -> bargeIn = Double.parseDouble(value.trim());
          case "--wav" -> wav = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option: " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
      }
    }
    if (seconds < 1 || seconds > 604_800) {
      throw new IllegalArgumentException("--duration-seconds must be between 1 and 604800, was " + seconds);
    }
    return new LoadOptions(callers, Duration.ofSeconds(seconds), turns, url, seed, bargeIn, wav);
  }

  public LoadOptions withCallers(int n) {
    return new LoadOptions(n, duration, turnsPerCaller, url, seed, bargeInProbability, wav);
  }

  public LoadOptions withDuration(Duration d) {
    return new LoadOptions(callers, d, turnsPerCaller, url, seed, bargeInProbability, wav);
  }

  public LoadOptions withTurns(int turns) {
    return new LoadOptions(callers, duration, turns, url, seed, bargeInProbability, wav);
  }

  public LoadOptions withUrl(URI newUrl) {
    return new LoadOptions(callers, duration, turnsPerCaller, newUrl, seed, bargeInProbability, wav);
  }

  public LoadOptions withBargeIn(double p) {
    return new LoadOptions(callers, duration, turnsPerCaller, url, seed, p, wav);
  }
}
