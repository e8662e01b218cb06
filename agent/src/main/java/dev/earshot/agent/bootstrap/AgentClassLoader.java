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
    JarEntry entry = classEntryOf(className);
    if (entry == null) {
      throw new ClassNotFoundException(className);
    }
    long size = entry.getSize();
    if (size < 0 || size > Integer.MAX_VALUE) {
      return readWhole(entry, className);
    }
    byte[] bytes = new byte[(int) size];
    read(entry, className, bytes);
    return bytes;
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

  /**
   * Agent classes are looked up here before the parent (the platform loader), which has none of
   * them: asking it first costs a thrown and caught ClassNotFoundException, stack trace and all,
   * for each of the agent's two thousand classes. The bridge classes are not under {@code inst/}
   * and still come from the bootstrap loader, JDK classes from the platform loader.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        JarEntry entry = name.startsWith("java.") ? null : classEntryOf(name);
        loaded = entry != null ? define(name, entry) : getParent().loadClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = classEntryOf(name);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    return define(name, entry);
  }

  /**
   * Reads a class into a pooled buffer and defines it. The JVM copies the bytes before it parses
   * them, so the buffer is free again once defineClass returns (a super type it loads meanwhile
   * takes another buffer). Two thousand classes load at start; a fresh array each would be
   * megabytes of garbage, and garbage at start-up becomes resident memory (the young generation
   * grows to absorb it).
   */
  private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
    long size = entry.getSize();
    definePackageOf(name);
    if (size < 0 || size > ReadBuffers.SIZE) {
      byte[] bytes = readWhole(entry, name);
      return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }
    byte[] buffer = ReadBuffers.take();
    try {
      read(entry, name, buffer);
      return defineClass(name, buffer, 0, (int) size, protectionDomain);
    } finally {
      ReadBuffers.give(buffer);
    }
  }

  private JarEntry classEntryOf(String className) {
    return jar.getJarEntry(classEntry(className));
  }

  /** Reads the whole entry into the start of {@code into}, which is at least the entry's size. */
  private void read(JarEntry entry, String className, byte[] into) throws ClassNotFoundException {
    int size = (int) entry.getSize();
    try (InputStream in = jar.getInputStream(entry)) {
      if (in.readNBytes(into, 0, size) != size) {
        throw new IOException("truncated entry " + entry.getName());
      }
    } catch (IOException e) {
      throw new ClassNotFoundException(className, e);
    }
  }

  private byte[] readWhole(JarEntry entry, String className) throws ClassNotFoundException {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(className, e);
    }
  }

  /**
   * A few reusable read buffers. Bounded twice over: at most {@link #POOLED} are kept (classes load
   * on few threads at a time), and a class larger than {@link #SIZE} gets an array of its own.
   */
  private static final class ReadBuffers {
    static final int SIZE = 64 * 1024;
    private static final int POOLED = 4;
    private static final java.util.ArrayDeque<byte[]> pool = new java.util.ArrayDeque<>(POOLED);

    static byte[] take() {
      synchronized (pool) {
        byte[] buffer = pool.poll();
        if (buffer != null) {
          return buffer;
        }
      }
      return new byte[SIZE];
    }

    static void give(byte[] buffer) {
      synchronized (pool) {
        if (pool.size() < POOLED) {
          pool.push(buffer);
        }
      }
    }
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
