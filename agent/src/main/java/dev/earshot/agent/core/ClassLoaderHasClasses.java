package dev.earshot.agent.core;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Whether a class loader can load all the named classes, checked once per loader by resource
 * lookup (no class is loaded) and cached. This is the first and cheapest test of every
 * instrumentation: a loader without the library costs one lookup, ever. Another agent's loader
 * never qualifies ({@link OtherAgents}): its copy of a library is its own business.
 */
final class ClassLoaderHasClasses extends ElementMatcher.Junction.AbstractBase<ClassLoader> {

  private static final Object BOOTSTRAP = new Object();

  private final String[] resourceNames;
  private final Map<Object, Boolean> cache = new WeakHashMap<>();

  ClassLoaderHasClasses(String... classNames) {
    resourceNames = new String[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      resourceNames[i] = classNames[i].replace('.', '/') + ".class";
    }
  }

  @Override
  public boolean matches(ClassLoader loader) {
    Object key = loader == null ? BOOTSTRAP : loader;
    synchronized (cache) {
      Boolean cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    boolean found = !OtherAgents.own(loader);
    ClassLoader lookup = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
    for (int i = 0; found && i < resourceNames.length; i++) {
      found = lookup.getResource(resourceNames[i]) != null;
    }
    synchronized (cache) {
      cache.put(key, found);
    }
    return found;
  }
}
