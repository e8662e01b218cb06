package dev.earshot.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's private class loader.
 *
 * <p>The agent jar stores its own classes and every library it carries (ByteBuddy, the
 * OpenTelemetry SDK, OSHI, JNA, ...) under {@code inst/}, class files renamed {@code .classdata}.
 * No application class loader can find them there, so an application that ships other versions of
 * the same libraries never sees ours, and ours never see theirs. This loader is the only one that
 * reads them. Its parent is the platform loader: JDK classes and the bootstrap bridge are shared,
 * nothing of the application is visible.
 */
public final class AgentClassLoader extends ClassLoader {

  private static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public AgentClassLoader(File agentJar) throws IOException {
    super("earshot-agent", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(agentJar, false);
    URL location = agentJar.toURI().toURL();
    this.jarUrl = "jar:" + location.toExternalForm() + "!/";
    this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  /** The agent's version, from the jar manifest's Implementation-Version. */
  public String agentVersion() {
    try {
      String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version != null ? version : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Whether the agent jar carries this class (the module class loaders delegate such names here). */
  public boolean carries(String className) {
    return jar.getEntry(classEntry(className)) != null;
  }

  /** The bytes of a carried class, for loaders that define agent helper classes next to a library. */
  public byte[] classBytes(String className) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(classEntry(className));
    if (entry == null) {
      throw new ClassNotFoundException(className);
    }
    try (InputStream in = jar.getInputStream(entry)) {
      // Sized from the entry: one allocation per class instead of readAllBytes' chunks and copy.
      long size = entry.getSize();
      if (size < 0 || size > Integer.MAX_VALUE) {
        return in.readAllBytes();
      }
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length) {
        throw new IOException("truncated entry " + entry.getName());
      }
      return bytes;
    } catch (IOException e) {
      throw new ClassNotFoundException(className, e);
    }
  }

  /**
   * A resource of the agent itself, read straight from the jar: {@code getResourceAsStream} would
   * go through a {@code jar:} URL connection, a dozen JDK classes that premain need not load.
   *
   * @return the stream, or null when the agent jar has no such resource
   */
  public InputStream openAgentResource(String name) throws IOException {
    JarEntry entry = jar.getJarEntry(resourceEntry(name));
    return entry == null ? null : jar.getInputStream(entry);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classBytes(name);
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot <= 0) {
      return;
    }
    String packageName = className.substring(0, dot);
    if (getDefinedPackage(packageName) == null) {
      try {
        definePackage(packageName, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException concurrentlyDefined) {
        // Another thread defined it first.
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String entry = resourceEntry(name);
    if (jar.getEntry(entry) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entry);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  private static String classEntry(String className) {
    return PREFIX + className.replace('.', '/') + ".classdata";
  }

  /** ByteBuddy reads class files as resources ("a/b/C.class"): serve them from the renamed entries. */
  private static String resourceEntry(String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    if (path.endsWith(".class")) {
      return PREFIX + path.substring(0, path.length() - ".class".length()) + ".classdata";
    }
    return PREFIX + path;
  }
}
