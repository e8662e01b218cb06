package dev.earshot.testapps.isolation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An application that bundles its own, older OpenTelemetry SDK and ByteBuddy (compiled and run
 * against exactly those jars, see the isolation-app executions in agent/pom.xml) and uses both:
 * a ByteBuddy subclass generated at runtime answers {@code /greet}, and its own SDK, registered as
 * the global OpenTelemetry, counts the greetings in an in-memory reader shown by
 * {@code /own-metrics}. Prints the library versions it actually loaded, then {@code READY port=N}.
 */
public final class BundledLibrariesApp {

  /** Replaced at runtime by a ByteBuddy subclass. */
  public static class Greeter {
    public String greet() {
      return "not generated";
    }
  }

  /** The application's own metric reader: collects on demand. */
  static final class InMemoryReader implements MetricReader {
    private volatile CollectionRegistration registration;

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    Collection<MetricData> collect() {
      CollectionRegistration current = registration;
      return current == null ? List.of() : current.collectAllMetrics();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  public static void main(String[] args) throws Exception {
    Greeter greeter = new ByteBuddy(ClassFileVersion.JAVA_V17)
        .subclass(Greeter.class)
        .name("dev.earshot.testapps.isolation.GeneratedGreeter")
        .method(ElementMatchers.named("greet"))
        .intercept(FixedValue.value("hello from a ByteBuddy subclass"))
        .make()
        .load(BundledLibrariesApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded()
        .getDeclaredConstructor()
        .newInstance();

    InMemoryReader reader = new InMemoryReader();
    OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
        .buildAndRegisterGlobal();
    LongCounter greetings = GlobalOpenTelemetry.getMeter("isolation-app").counterBuilder("isolation.app.greetings").build();

    System.out.println("LOADED bytebuddy=" + bundleVersion(ByteBuddy.class) + " jar=" + jarOf(ByteBuddy.class)
        + " generated=" + greeter.getClass().getName());
    System.out.println("LOADED opentelemetry-sdk="
        + Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"))
        + " jar=" + jarOf(SdkMeterProvider.class) + " api-jar=" + jarOf(GlobalOpenTelemetry.class));
    System.out.println("SEES agent-classes=" + visible("io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk")
        + "," + visible("dev.earshot.agent.core.AgentInstaller"));

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/greet", exchange -> {
      greetings.add(1, Attributes.of(AttributeKey.stringKey("greeter"), greeter.getClass().getSimpleName()));
      respond(exchange, 200, greeter.greet());
    });
    server.createContext("/own-metrics", exchange -> {
      StringBuilder body = new StringBuilder();
      for (MetricData metric : reader.collect()) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          body.append(metric.getName()).append(' ').append(point.getAttributes()).append(' ').append(point.getValue()).append('\n');
        }
      }
      respond(exchange, 200, body.toString());
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("READY port=" + server.getAddress().getPort());
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static String jarOf(Class<?> type) {
    URL location = type.getProtectionDomain().getCodeSource().getLocation();
    String path = location.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** ByteBuddy's jar has no Implementation-Version; its OSGi Bundle-Version is the release. */
  private static String bundleVersion(Class<?> type) throws IOException {
    try (InputStream in = type.getProtectionDomain().getCodeSource().getLocation().openStream();
        JarInputStream jar = new JarInputStream(in)) {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
    }
  }

  private static boolean visible(String className) {
    try {
      Class.forName(className, false, BundledLibrariesApp.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
