package dev.earshot.agent.core;

/** The agent's version, from the agent jar's manifest. */
public final class AgentVersion {

  public static final String VERSION = read();

  private AgentVersion() {}

  private static String read() {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(new java.io.File(
        dev.earshot.agent.bootstrap.EarshotAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()), false)) {
      String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    } catch (Exception | Error e) {
      return "unknown";
    }
  }
}
