package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;

/** The agent's version, from the agent jar's manifest. */
public final class AgentVersion {

  public static final String VERSION = read();

  private AgentVersion() {}

  private static String read() {
    ClassLoader loader = AgentVersion.class.getClassLoader();
    return loader instanceof AgentClassLoader ? ((AgentClassLoader) loader).agentVersion() : "unknown";
  }
}
