package dev.earshot.agent.export;

import java.util.Locale;

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
    String trimmed = command.trim();
    String first = trimmed.split("\\s+", 2)[0];
    String jar = isJar(first) ? first : isPath(first) ? jarWithSpaces(trimmed) : null;
    if (jar != null) {
      String file = jar.substring(Math.max(jar.lastIndexOf('/'), jar.lastIndexOf('\\')) + 1);
      return file.substring(0, file.length() - ".jar".length());
    }
    String className = first.substring(first.lastIndexOf('/') + 1);
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static boolean isJar(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith(".jar");
  }

  /** A file path, not a class or module name: those have neither a leading slash nor backslashes. */
  private static boolean isPath(String token) {
    return token.startsWith("/") || token.indexOf('\\') >= 0;
  }

  /**
   * The JVM does not quote the jar's path in the command: {@code C:\Program Files\Bot\bot.jar --x}
   * arrives split at the space. The jar is the shortest prefix ending in ".jar" before a space or the end.
   */
  private static String jarWithSpaces(String command) {
    String lower = command.toLowerCase(Locale.ROOT);
    for (int at = lower.indexOf(".jar"); at >= 0; at = lower.indexOf(".jar", at + 1)) {
      int end = at + ".jar".length();
      if (end == command.length() || Character.isWhitespace(command.charAt(end))) {
        return command.substring(0, end);
      }
    }
    return null;
  }
}
