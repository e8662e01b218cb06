package dev.earshot.agent.it.redeploy;

import dev.earshot.agent.it.support.AgentProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The command channel of {@link dev.earshot.testapps.redeploy.RedeployHost}: a line on its
 * standard input, the numbered answer from its output.
 */
final class ServerCommands {

  private final AgentProcess server;
  private final Duration longestAnswer;
  private int sequence;

  ServerCommands(AgentProcess server, Duration longestAnswer) {
    this.server = server;
    this.longestAnswer = longestAnswer;
  }

  String send(String command) {
    try {
      OutputStream in = server.process().getOutputStream();
      in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sequence++;
    return server.awaitOutput("^#" + sequence + " (.*)$", longestAnswer).group(1);
  }
}
