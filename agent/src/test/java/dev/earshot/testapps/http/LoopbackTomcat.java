package dev.earshot.testapps.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 for the test applications: 127.0.0.1, an ephemeral port, {@code READY port=N} once started. */
public final class LoopbackTomcat {

  private LoopbackTomcat() {}

  /** A Tomcat with its base directory at {@code base} and an empty root context serving {@code base/webapp}. */
  public static Context rootContext(Tomcat tomcat, Path base) throws IOException {
    return context(tomcat, base, "");
  }

  /** A Tomcat with its base directory at {@code base} and one empty context at {@code contextPath} ("" for the root). */
  public static Context context(Tomcat tomcat, Path base, String contextPath) throws IOException {
    Path docBase = Files.createDirectories(base.resolve("webapp"));
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    return tomcat.addContext(contextPath, docBase.toString());
  }

  /** Starts, prints the port the harness waits for, and blocks until the JVM is stopped. */
  public static void startAndAwait(Tomcat tomcat) throws LifecycleException {
    tomcat.start();
    System.out.println("READY port=" + tomcat.getConnector().getLocalPort());
    tomcat.getServer().await();
  }
}
