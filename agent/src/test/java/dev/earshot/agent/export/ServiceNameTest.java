package dev.earshot.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The default service.name from {@code sun.java.command}, which holds the command line after the JVM options. */
class ServiceNameTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      // java -jar FILE args
      "/opt/app/voice-bot.jar --port 80                | voice-bot",
      "/opt/app/voice-bot.jar                          | voice-bot",
      "voice-bot.jar                                   | voice-bot",
      "build/libs/voice-bot-1.2.0.jar serve            | voice-bot-1.2.0",
      "C:\\apps\\voice-bot.jar --port 80               | voice-bot",
      "C:\\Apps\\VOICE-BOT.JAR                         | VOICE-BOT",
      // the JVM does not quote a path with spaces
      "/opt/my apps/voice-bot.jar --port 80            | voice-bot",
      "C:\\Program Files\\Voice Bot\\voice-bot.jar -x  | voice-bot",
      // java [-cp ...] MAIN-CLASS args
      "com.example.VoiceBot --port 80                  | VoiceBot",
      "com.example.VoiceBot /data/models/whisper.jar   | VoiceBot",
      "VoiceBot                                        | VoiceBot",
      "dev.earshot.testapps.JdkServerApp 0             | JdkServerApp",
      // java -m MODULE/MAIN-CLASS args, and -m MODULE (main class from the module descriptor)
      "voice.app/com.example.voice.Main --port 80      | Main",
      "voice.app/com.example.voice.Main                | Main",
  })
  void derivesTheNameFromTheJarTheClassOrTheModule(String command, String expected) {
    assertThat(ServiceName.fromCommandLine(command)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"  com.example.VoiceBot  ", "\tcom.example.VoiceBot\targ"})
  void ignoresSurroundingWhitespace(String command) {
    assertThat(ServiceName.fromCommandLine(command)).isEqualTo("VoiceBot");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void withoutACommandTheSdkDefaultIsKept(String command) {
    assertThat(ServiceName.fromCommandLine(command)).isEqualTo("unknown_service:java");
  }
}
