package dev.earshot.agent.websocket;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an adapter keeps per library session object (a Jetty core session, a Tomcat session, an
 * OkHttp or JDK web socket): its {@link WebSocketConnection}, or an adapter state object holding
 * one, found by identity. Keys are weak: an entry never keeps a session alive, and a session
 * collected without its end having been reported (a library path no adapter sees) is ended as
 * dropped (1006), so {@code websocket.connections.active} cannot drift upwards. Lookups allocate
 * nothing; one registry per adapter.
 */
public final class ConnectionRegistry<V> {

  private static final int INITIAL_CAPACITY = 64;

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final Function<? super V, WebSocketConnection> connectionOf;
  private Entry<V>[] table = newTable(INITIAL_CAPACITY);
  private int size;

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    final V value;
    Entry<V> next;

    Entry(Object key, int hash, V value, ReferenceQueue<Object> queue, Entry<V> next) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  private ConnectionRegistry(Function<? super V, WebSocketConnection> connectionOf) {
    this.connectionOf = connectionOf;
  }

  /** Session -> its connection. */
  public static ConnectionRegistry<WebSocketConnection> ofConnections() {
    return new ConnectionRegistry<>(connection -> connection);
  }

  /** Session -> an adapter's state, {@code connectionOf} telling its connection (null while none). */
  public static <V> ConnectionRegistry<V> of(Function<? super V, WebSocketConnection> connectionOf) {
    return new ConnectionRegistry<>(connectionOf);
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int capacity) {
    return (Entry<V>[]) new Entry<?>[capacity];
  }

  /** @return the value of {@code session}, or null when none was registered */
  public V get(Object session) {
    if (session == null) {
      return null;
    }
    int hash = System.identityHashCode(session);
    synchronized (this) {
      Entry<V>[] current = table;
      for (Entry<V> e = current[hash & (current.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == session) {
          return e.value;
        }
      }
      return null;
    }
  }

  /** Registers {@code value} for {@code session} unless it already has one; returns the one registered. */
  public V putIfAbsent(Object session, V value) {
    return computeIfAbsent(session, () -> value);
  }

  /** The value of {@code session}, created by {@code factory} (under the registry's lock) if it has none. */
  public V computeIfAbsent(Object session, Supplier<? extends V> factory) {
    expungeCollected();
    int hash = System.identityHashCode(session);
    synchronized (this) {
      int index = hash & (table.length - 1);
      for (Entry<V> e = table[index]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == session) {
          return e.value;
        }
      }
      V value = factory.get();
      table[index] = new Entry<>(session, hash, value, collected, table[index]);
      if (++size > table.length * 3 / 4) {
        resize();
      }
      return value;
    }
  }

  /** Removes and returns the value of {@code session}, or null. */
  public V remove(Object session) {
    if (session == null) {
      return null;
    }
    int hash = System.identityHashCode(session);
    synchronized (this) {
      return unlink(hash, session);
    }
  }

  public synchronized int size() {
    return size;
  }

  private V unlink(int hash, Object key) {
    int index = hash & (table.length - 1);
    Entry<V> previous = null;
    for (Entry<V> e = table[index]; e != null; previous = e, e = e.next) {
      if (e == key || (e.hash == hash && e.get() == key && key != null)) {
        if (previous == null) {
          table[index] = e.next;
        } else {
          previous.next = e.next;
        }
        size--;
        return e.value;
      }
    }
    return null;
  }

  /** Ends the connections whose sessions were collected without being ended. */
  void expungeCollected() {
    for (Object reference; (reference = collected.poll()) != null; ) {
      Entry<?> entry = (Entry<?>) reference;
      V orphan;
      synchronized (this) {
        orphan = unlink(entry.hash, entry);
      }
      WebSocketConnection connection = orphan == null ? null : connectionOf.apply(orphan);
      if (connection != null) {
        connection.ended(false);
      }
    }
  }

  private void resize() {
    Entry<V>[] old = table;
    Entry<V>[] grown = newTable(old.length * 2);
    for (Entry<V> head : old) {
      for (Entry<V> e = head; e != null; ) {
        Entry<V> next = e.next;
        int index = e.hash & (grown.length - 1);
        e.next = grown[index];
        grown[index] = e;
        e = next;
      }
    }
    table = grown;
  }
}
