package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The internal names of every type any module instruments, as {@link TargetNameFilter} needs them
 * in premain. Written into the agent jar at build time ({@link #main}, run by the build's layout
 * step) so that premain reads one small resource instead of loading every module and type
 * instrumentation class.
 */
final class TargetTypesIndex {

  static final String RESOURCE = "earshot-target-types.txt";

  private TargetTypesIndex() {}

  /** Build step: writes the index of {@link Modules#all()} to the file named by the argument. */
  public static void main(String[] arguments) throws IOException {
    Path file = Paths.get(arguments[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, new TreeSet<>(of(Modules.all())), StandardCharsets.UTF_8);
  }

  /** The index in the agent jar; computed from the modules if it is missing (a build without the layout step). */
  static Set<String> load(AgentClassLoader agentLoader) {
    Set<String> names = new HashSet<>();
    try (InputStream in = agentLoader.openAgentResource(RESOURCE)) {
      if (in != null) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
          if (!line.isBlank()) {
            names.add(line.trim());
          }
        }
        return names;
      }
    } catch (IOException unreadable) {
      // Falls through to the modules themselves.
    }
    return of(Modules.all());
  }

  static Set<String> of(List<InstrumentationModule> modules) {
    Set<String> names = new HashSet<>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        for (String name : type.typeNames()) {
          names.add(name.replace('.', '/'));
        }
      }
    }
    return names;
  }
}
