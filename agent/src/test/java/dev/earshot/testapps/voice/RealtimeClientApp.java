package dev.earshot.testapps.voice;

import dev.earshot.agent.it.voice.RealtimeCaller;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application that talks to a Realtime API over {@code java.net.http.WebSocket} (the client
 * side, instrumented): {@code <ws-url> <api-key> <beta|ga> <turns>}. Speaks the given number of
 * turns, waits for each answer, hangs up, prints {@code DONE} and
 * waits to be stopped.
 */
public final class RealtimeClientApp {

  private RealtimeClientApp() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + args[1]);
    if (args[2].equals("beta")) {
      headers.put("OpenAI-Beta", "realtime=v1");
    }
    int turns = Integer.parseInt(args[3]);
    // Calls only once the test has seen the agent ready (a line on standard input): a connection
    // opened while the agent is still starting in the background is not measured.
    System.out.println("READY");
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
    RealtimeCaller caller = new RealtimeCaller(URI.create(args[0]), headers);
    caller.await("session.created", 1, Duration.ofSeconds(10));
    Thread.sleep(400);
    for (int turn = 1; turn <= turns; turn++) {
      caller.speak(1_000);
      caller.await("response.done", turn, Duration.ofSeconds(20));
    }
    Thread.sleep(200);
    int code = caller.hangUp();
    String audioEvent = args[2].equals("beta") ? "response.audio.delta" : "response.output_audio.delta";
    System.out.println("DONE close=" + code + " audio-deltas=" + caller.events(audioEvent, json -> true).size());
    // Stays up for the test to scrape its metrics; the test ends the process.
    Thread.sleep(Long.MAX_VALUE);
  }
}
