package dev.earshot.agent.it.redeploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.JvmDiagnostics;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A web application redeployed 20 times into an embedded Tomcat 11 under the agent
 * ({@link dev.earshot.testapps.redeploy.RedeployHost}): its own {@code WEB-INF/classes} (a servlet
 * calling OpenAI through the official SDK, a health servlet, a Jakarta WebSocket endpoint) and
 * {@code WEB-INF/lib} (the SDK, OkHttp, Kotlin, Jackson), so each deployment has its own
 * {@code WebappClassLoader}, and the agent links advice and helpers into each one.
 *
 * <p>Every deployment is exercised and measured exactly. Every undeployed loader must become
 * collectable: weak references in the server JVM, cleared after full collections that a canary
 * loader proves real, and confirmed by jcmd's class histogram and loader statistics. Neither the
 * agent's own classes and objects nor the metaspace and classes outside the web applications may
 * grow with the number of deployments: they are compared after deployment 5 and once all 20 are
 * gone.
 *
 * <p>An application's own idle threads hold its loader for a while after it stops (OkHttp's task
 * runner and Okio's timeout watchdog, each about 60 s), so the last check waits about a minute;
 * until then up to 20 deployments are alive at once, which sizes the metaspace bound.
 */
class RedeployIT {

  private static final int CYCLES = 20;
  private static final int FIRST_MEASURE = 5;
  /** OkHttp's and Okio's idle threads end after 60 s; the rest is margin for a slow machine. */
  private static final long COLLECTION_WAIT_MILLIS = 150_000;
  /**
   * Metaspace outside the web applications may grow by this share of one deployment's from
   * deployment 5 to 20 without a leak: the JIT's profiles of shared code (Tomcat, the agent, the
   * JDK) live in metaspace and grow as that code warms up. A leaked deployment costs all of it.
   */
  private static final double METASPACE_TOLERANCE = 0.25;
  /**
   * Classes outside the web applications may grow by this many: on JDK 17 reflection generates an
   * accessor class for a method of the server's after its 15th call, and the JDK spins lambda
   * forms for call shapes it meets late. A leaked deployment keeps about 2,900.
   */
  private static final int CLASS_TOLERANCE = 50;
  /** The agent loads a class or two on a path's first use (a metric callback); one per deployment would be 15. */
  private static final int AGENT_CLASS_TOLERANCE = 5;
  private static final String WEBAPP_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
  private static final String AGENT_LOADER = "dev.earshot.agent.bootstrap.AgentClassLoader";
  private static final String MODULE_LOADER = "dev.earshot.agent.core.ModuleClassLoader";
  /**
   * The idle threads of the application's libraries that outlive its stop for a while: OkHttp's
   * task runner and Okio's timeout watchdog (about 60 s), the SDK's retry timer (until its
   * cancellation, asynchronous, is seen).
   */
  private static final Set<String> APPLICATION_THREADS = Set.of("OkHttp TaskRunner", "Okio Watchdog", "DefaultSleeper");
  private static final List<String> AGENT_STATE = List.of(
      "dev.earshot.agent.websocket.WebSocketConnection",
      "dev.earshot.agent.websocket.ConnectionRegistry$Entry",
      "dev.earshot.agent.websocket.Endpoint",
      "dev.earshot.agent.http.Route",
      "dev.earshot.agent.openai.OpenAiCall");

  @Test
  void twentyRedeploysAreEachMeasuredAndLeaveNoLoaderMetaspaceOrAgentStateBehind() throws Exception {
    try (Simulator simulator = Simulator.start("redeploy-simulator");
        AgentProcess server = startServer(simulator)) {
      Matcher ready = server.awaitOutput("READY port=(\\d+) pid=(\\d+)", Duration.ofSeconds(60));
      String base = "http://127.0.0.1:" + ready.group(1) + AssistantTraffic.CONTEXT;
      JvmDiagnostics jvm = new JvmDiagnostics(Long.parseLong(ready.group(2)));
      ServerCommands commands = new ServerCommands(server, Duration.ofMillis(COLLECTION_WAIT_MILLIS + 60_000));
      server.scrape(); // the agent has started: requests from now on are measured

      List<String> figures = new ArrayList<>();
      JvmDiagnostics.Outside early = null;
      Map<String, Long> earlyAgentState = null;
      for (int generation = 1; generation <= CYCLES; generation++) {
        assertThat(commands.send("deploy")).startsWith("DEPLOYED generation=" + generation + " ");
        AssistantTraffic.exercise(base, generation);
        AssistantTraffic.assertMeasured(server, simulator, generation);
        assertThat(commands.send("undeploy")).startsWith("UNDEPLOYED generation=" + generation + " ");
        String gc = commands.send("gc");
        assertThat(gc).contains(" canary=true ");
        figures.add(gc);
        if (generation % FIRST_MEASURE == 0) {
          // The loaders of recent deployments are still held by their own idle threads: what is
          // outside the web applications' groups is what must not grow.
          JvmDiagnostics.Outside stats = jvm.loaderStats().outside(WEBAPP_LOADER);
          figures.add("  outside the web applications: " + stats);
          if (generation == FIRST_MEASURE) {
            early = stats;
            earlyAgentState = agentState(jvm.liveInstances());
            figures.add("  agent objects: " + earlyAgentState);
          }
        }
      }
      String collected = commands.send("await-collected " + COLLECTION_WAIT_MILLIS);
      figures.add(collected);
      JvmDiagnostics.LoaderStats lastStats = jvm.loaderStats();
      JvmDiagnostics.Outside last = lastStats.outside(WEBAPP_LOADER);
      Map<String, Long> live = jvm.liveInstances();
      Map<String, Long> lastAgentState = agentState(live);
      figures.add("  all collected: " + last + "\n  agent objects: " + lastAgentState);
      System.out.println("Redeploy figures (" + AgentProcess.javaHome() + "):\n" + String.join("\n", figures));
      if (!collected.contains(" live=0 ")) {
        jvm.heapDump(Paths.get("target", "it-logs", "redeploy-" + ready.group(2) + ".hprof").toAbsolutePath().toString());
      }

      // Every undeployed web application loader is gone, with everything the agent linked into it.
      assertThat(collected).as("every undeployed web application loader collected").contains(" live=0 of=" + CYCLES + " ")
          .contains(" canary=true ");
      assertThat(live.getOrDefault(WEBAPP_LOADER, 0L)).isZero();
      assertThat(lastStats.loaders(WEBAPP_LOADER)).isZero();
      assertThat(lastStats.loaders(MODULE_LOADER)).as("module loaders left: those of the server's own loaders")
          .isEqualTo(early.loaders(MODULE_LOADER));
      // Nothing grows with the number of deployments: not the agent's classes or objects, not the
      // metaspace or classes outside the web applications.
      assertThat(last.classes(AGENT_LOADER) - early.classes(AGENT_LOADER))
          .as("classes of the agent's own loader, growth").isLessThan(AGENT_CLASS_TOLERANCE);
      assertThat(last.classes(MODULE_LOADER)).as("classes of the module loaders outside the web applications")
          .isEqualTo(early.classes(MODULE_LOADER));
      assertThat(lastAgentState).isEqualTo(earlyAgentState);
      assertThat(lastAgentState).containsEntry("dev.earshot.agent.websocket.WebSocketConnection", 0L)
          .containsEntry("dev.earshot.agent.websocket.ConnectionRegistry$Entry", 0L)
          .containsEntry("dev.earshot.agent.openai.OpenAiCall", 0L);
      assertThat(last.metaspace() - early.metaspace())
          .as("metaspace growth outside the web applications from deployment " + FIRST_MEASURE + " to " + CYCLES
              + ", against one deployment's " + early.metaspacePerGroup())
          .isLessThan((long) (METASPACE_TOLERANCE * early.metaspacePerGroup()));
      assertThat(last.classes() - early.classes())
          .as("classes loaded outside the web applications, growth").isLessThan(CLASS_TOLERANCE);

      // Tomcat's own leak detection at every undeploy (threads whose context loader is the
      // application's, ThreadLocals holding its classes): only the application's libraries' idle
      // threads, which end by themselves, never a thread or ThreadLocal of the agent.
      String output = server.output();
      assertThat(threadsTomcatWarnedAbout(output)).isSubsetOf(APPLICATION_THREADS);
      assertThat(output).doesNotContain("failed to remove it");
      assertThat(output).doesNotContain("VerifyError").doesNotContain("LinkageError").doesNotContain("ClassCircularityError")
          .doesNotContain("OutOfMemoryError").doesNotContain("[earshot] WARN").doesNotContain("[earshot] ERROR");
      assertThat(server.scrape().sum("earshot_agent_errors_total")).isZero();
    }
  }

  /** The agent's objects that could pile up per deployment or per connection (module loaders are counted apart). */
  private static Map<String, Long> agentState(Map<String, Long> live) {
    Map<String, Long> state = new TreeMap<>();
    for (String name : AGENT_STATE) {
      state.put(name, live.getOrDefault(name, 0L));
    }
    return state;
  }

  private static AgentProcess startServer(Simulator simulator) throws IOException {
    Path webapp = Paths.get(System.getProperty("earshot.it.redeploy.webapp", "target/redeploy-webapp")).toAbsolutePath();
    assertThat(webapp.resolve("WEB-INF/classes/dev/earshot/testapps/webapp/ChatServlet.class")).isRegularFile();
    try (var libs = Files.list(webapp.resolve("WEB-INF/lib"))) {
      assertThat(libs.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("openai-java-core-"));
    }
    return AgentProcess.builder("dev.earshot.testapps.redeploy.RedeployHost").name("redeploy")
        .classPath(serverClassPath())
        // Metaspace is bounded: 20 deployments alive at once take about 400 MB. Soft references
        // are cleared at every collection: the JVM clears them before running out of memory
        // anyway, so what only they hold (Jackson's buffer recyclers) is collectable.
        .jvm("-XX:MaxMetaspaceSize=512m", "-XX:SoftRefLRUPolicyMSPerMB=0")
        // As Tomcat's catalina.sh starts it: its leak detection (ThreadLocals, RMI, object
        // streams) reads JDK internals.
        .jvm("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED")
        .env("OPENAI_BASE_URL", simulator.baseUrl()).env("OPENAI_API_KEY", "sk-redeploy-it")
        .args(webapp.toString(), Paths.get("target", "redeploy-tomcat-" + System.nanoTime()).toAbsolutePath().toString())
        .start();
  }

  /** The server's class path: the harness class and Tomcat, nothing of the web application. */
  private static String serverClassPath() {
    try {
      List<String> tomcat = new ArrayList<>();
      for (String entry : Files.readString(Paths.get(System.getProperty("earshot.it.classpath.file"))).trim().split(File.pathSeparator)) {
        if (Paths.get(entry).getFileName().toString().startsWith("tomcat-")) {
          tomcat.add(entry);
        }
      }
      assertThat(tomcat).hasSize(3); // embed-core, embed-websocket, annotations-api
      return System.getProperty("earshot.it.test.classes") + File.pathSeparator + String.join(File.pathSeparator, tomcat);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the threads Tomcat found still running with a stopped application's class loader. */
  private static Set<String> threadsTomcatWarnedAbout(String output) {
    Set<String> names = new TreeSet<>();
    Matcher warning = Pattern.compile("appears to have started a thread named \\[([^\\]]+)\\] but has failed to stop it").matcher(output);
    while (warning.find()) {
      names.add(warning.group(1));
    }
    return names;
  }
}
