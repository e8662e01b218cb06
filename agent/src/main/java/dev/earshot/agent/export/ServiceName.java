package dev.earshot.agent.export;

/** Derives a default {@code service.name} from the command line the JVM was started with. */
final class ServiceName {

  private ServiceName() {}

  /**
   * {@code -jar /opt/app/voice-bot.jar --port 80} gives {@code voice-bot};
   * {@code com.example.VoiceBot arg} gives {@code VoiceBot}; {@code -m app/com.example.Main} gives
   * {@code Main}.
   */
  static String fromCommandLine(String command) {
    if (command == null || command.isBlank()) {
      return "unknown_service:java";
    }
    String first = command.trim().split("\\s+", 2)[0];
    if (first.endsWith(".jar")) {
      String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return file.substring(0, file.length() - ".jar".length());
    }
    String className = first.substring(first.lastIndexOf('/') + 1);
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
