package dev.earshot.sample.loadgen;

import dev.earshot.sample.voice.Wav;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The voice load generator: {@code N} {@link VoiceCaller}s talking to {@code /ws/realtime} at
 * once, in real time, until the duration ends (or each has had its turns), then a summary. Runs
 * without the agent and without the app's classes beyond the speech synthesis, so it can load
 * any Realtime-speaking server (see {@link LoadOptions#USAGE}).
 *
 * <p>Callers start 250 ms apart so their turns do not line up. Two timer threads drive every
 * caller's 20 ms microphone; on SIGTERM / Ctrl-C the callers hang up and the summary is printed.
 */
public final class VoiceCallers {

  private static final int RATE = 24_000;

  private final LoadOptions options;
  private final List<VoiceCaller> callers = new ArrayList<>();
  private final CountDownLatch finished;

  public VoiceCallers(LoadOptions options) {
    this.options = options;
    this.finished = new CountDownLatch(options.callers());
  }

  public static void main(String[] args) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (LoadOptions.HelpRequested e) {
      System.out.println(LoadOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    VoiceCallers run = new VoiceCallers(options);
    CountDownLatch printed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      run.stop();
      try {
        printed.await(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "voice-callers-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LoadReport report;
    try {
      report = run.run(System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(report.format());
    System.out.flush();
    printed.countDown();
    if (report.connected() == 0) {
      System.err.println("error: no caller could connect to " + options.url());
      Runtime.getRuntime().halt(1); // from inside a possible shutdown: exit() would wait for the hook
    }
  }

  /** Runs the callers to the end and sums what they saw. */
  public LoadReport run(PrintStream out) {
    byte[] wav = null;
    if (options.wav() != null) {
      try {
        wav = Wav.readMono(Files.readAllBytes(options.wav()), RATE);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + options.wav() + ": " + e.getMessage());
      }
    }
    out.printf("voice callers: %d against %s for up to %d s%s, barge-in probability %.2f, seed %d%n",
        options.callers(), options.url(), options.duration().toSeconds(),
        options.turnsPerCaller() > 0 ? " or " + options.turnsPerCaller() + " turns each" : "",
        options.bargeInProbability(), options.seed());
    HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "voice-callers-timer");
      thread.setDaemon(true);
      return thread;
    });
    long deadline = System.nanoTime() + options.duration().toNanos();
    synchronized (callers) {
      for (int i = 0; i < options.callers(); i++) {
        VoiceCaller caller = new VoiceCaller(i, options, wav, finished);
        callers.add(caller);
        caller.start(http, timer, deadline, i * 250L);
      }
    }
    try {
      // Every caller ends by the deadline; the margin covers connecting and hanging up.
      finished.await(options.duration().toSeconds() + 15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
    timer.shutdownNow();
    LoadReport total = new LoadReport();
    total.callers = options.callers();
    for (VoiceCaller caller : callers) {
      total.add(caller.report());
    }
    return total;
  }

  /** Hangs every caller up now; {@link #run} then returns. */
  public void stop() {
    synchronized (callers) {
      callers.forEach(VoiceCaller::stop);
    }
  }
}
