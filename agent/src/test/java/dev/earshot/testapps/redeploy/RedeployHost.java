package dev.earshot.testapps.redeploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.ThreadLocalLeakPreventionListener;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat 11 that deploys one web application directory (its own {@code WEB-INF/classes}
 * and {@code WEB-INF/lib}, hence its own {@code WebappClassLoader}) at {@code /assistant} and
 * undeploys it on command, as a server's manager would, keeping only weak references to every
 * web application class loader it created.
 *
 * <p>Commands on standard input, one per line, each answered by one line on standard output,
 * numbered ({@code #1 DEPLOYED generation=1}):
 * <ul>
 *   <li>{@code deploy} → {@code DEPLOYED generation=N took=MILLIS}
 *   <li>{@code undeploy} → {@code UNDEPLOYED generation=N took=MILLIS}
 *   <li>{@code gc} → {@code GC ...}: full collections until a canary class loader is collected
 *       (so a loader still alive afterwards is really reachable), then the figures below
 *   <li>{@code await-collected MILLIS} → {@code GC ...} once no undeployed loader is alive, or
 *       when the time is up
 * </ul>
 * Figures: {@code live} (undeployed loaders not collected), {@code canary} (whether the canary was
 * collected), {@code metaspace} (bytes used after the collection), {@code classes} (loaded),
 * {@code unloaded} (total so far), {@code waited} (milliseconds).
 */
public final class RedeployHost {

  private static final String CONTEXT_PATH = "/assistant";

  private final Tomcat tomcat;
  private final String docBase;
  private final List<WeakReference<ClassLoader>> undeployed = new ArrayList<>();
  private StandardContext deployed;
  private int generation;

  private RedeployHost(Tomcat tomcat, String docBase) {
    this.tomcat = tomcat;
    this.docBase = docBase;
  }

  public static void main(String[] args) throws Exception {
    Path webapp = Paths.get(args[0]).toAbsolutePath();
    Path base = Files.createDirectories(Paths.get(args[1]).toAbsolutePath());
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    // As in Tomcat's standard server.xml: once an application stops, the request threads are
    // renewed, dropping what its libraries left in their ThreadLocals (Jackson's buffer recyclers).
    tomcat.getServer().addLifecycleListener(new ThreadLocalLeakPreventionListener());
    tomcat.start();
    RedeployHost host = new RedeployHost(tomcat, webapp.toString());
    System.out.println("READY port=" + connector.getLocalPort() + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int sequence = 0;
    for (String line; (line = commands.readLine()) != null; ) {
      String[] words = line.trim().split("\\s+");
      String answer = switch (words[0]) {
        case "deploy" -> host.deploy();
        case "undeploy" -> host.undeploy();
        case "gc" -> host.collect(0);
        case "await-collected" -> host.collect(Long.parseLong(words[1]));
        default -> "UNKNOWN " + line;
      };
      System.out.println("#" + ++sequence + " " + answer);
      System.out.flush();
    }
    tomcat.stop();
    tomcat.destroy();
  }

  /** What a server does for a web application directory: a context with its web.xml defaults, annotations scanned. */
  private String deploy() {
    long started = System.nanoTime();
    generation++;
    StandardContext context = new StandardContext();
    context.setName(CONTEXT_PATH);
    context.setPath(CONTEXT_PATH);
    context.setDocBase(docBase);
    context.setConfigFile(contextXml());
    context.addParameter("generation", Integer.toString(generation));
    context.addLifecycleListener(event -> {
      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
        addDefaultServlet((Context) event.getLifecycle());
      }
    });
    ContextConfig config = new ContextConfig();
    // The defaults below replace conf/web.xml (whose JSP servlet needs Jasper, not on this server).
    config.setDefaultWebXml(Constants.NoDefaultWebXml);
    context.addLifecycleListener(config);
    tomcat.getHost().addChild(context);
    if (!context.getState().isAvailable()) {
      return "FAILED generation=" + generation + " state=" + context.getState();
    }
    deployed = context;
    return "DEPLOYED generation=" + generation + " took=" + (System.nanoTime() - started) / 1_000_000;
  }

  /** The application's META-INF/context.xml, which a server reads when it deploys a directory. */
  private java.net.URL contextXml() {
    try {
      Path file = Paths.get(docBase, "META-INF", "context.xml");
      return Files.isRegularFile(file) ? file.toUri().toURL() : null;
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** conf/web.xml's default servlet: requests no servlet maps (the WebSocket upgrade) reach the filters. */
  private static void addDefaultServlet(Context context) {
    Wrapper servlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
    servlet.setLoadOnStartup(1);
    servlet.setOverridable(true);
    context.addServletMappingDecoded("/", "default");
  }

  private String undeploy() {
    long started = System.nanoTime();
    StandardContext context = deployed;
    deployed = null;
    ClassLoader loader = context.getLoader().getClassLoader();
    undeployed.add(new WeakReference<>(loader));
    tomcat.getHost().removeChild(context);
    return "UNDEPLOYED generation=" + generation + " took=" + (System.nanoTime() - started) / 1_000_000;
  }

  /** Full collections until the canary is collected, repeated until no undeployed loader is alive or time is up. */
  private String collect(long maxWaitMillis) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + maxWaitMillis * 1_000_000L;
    boolean canary;
    int live;
    do {
      canary = fullCollection();
      live = live();
      if (live == 0 || System.nanoTime() >= deadline) {
        break;
      }
      Thread.sleep(500);
    } while (true);
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    return "GC generation=" + generation + " live=" + live + " of=" + undeployed.size() + " canary=" + canary
        + " metaspace=" + metaspaceUsed() + " classes=" + classes.getLoadedClassCount()
        + " unloaded=" + classes.getUnloadedClassCount() + " waited=" + (System.nanoTime() - started) / 1_000_000;
  }

  private int live() {
    int live = 0;
    for (WeakReference<ClassLoader> loader : undeployed) {
      if (loader.get() != null) {
        live++;
      }
    }
    return live;
  }

  /**
   * {@code System.gc()} until a class loader that nothing references, with a class of its own, is
   * collected: proof that the collection traced class loaders and unloaded classes. Each attempt
   * also defines throwaway classes, metaspace pressure for a JVM whose explicit collections would
   * not unload classes.
   */
  private static boolean fullCollection() {
    WeakReference<ClassLoader> canary = new WeakReference<>(CanaryLoader.withCanaries(1));
    for (int attempt = 0; attempt < 10; attempt++) {
      CanaryLoader.withCanaries(50);
      System.gc();
      if (canary.get() == null) {
        return true;
      }
    }
    return false;
  }

  private static long metaspaceUsed() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        return pool.getUsage().getUsed();
      }
    }
    return -1;
  }

  /** Defines copies of {@link Canary} in a loader of its own. */
  static final class CanaryLoader extends ClassLoader {
    private static final byte[] CANARY = canaryBytes();

    private CanaryLoader() {
      super(null);
    }

    static CanaryLoader withCanaries(int count) {
      CanaryLoader loader = new CanaryLoader();
      for (int i = 0; i < count; i++) {
        CanaryLoader own = i == 0 ? loader : new CanaryLoader();
        own.defineClass(Canary.class.getName(), CANARY, 0, CANARY.length);
      }
      return loader;
    }

    private static byte[] canaryBytes() {
      try (InputStream in = RedeployHost.class.getResourceAsStream("RedeployHost$Canary.class")) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A class with no dependencies, defined again and again by throwaway loaders. */
  static final class Canary {}
}
