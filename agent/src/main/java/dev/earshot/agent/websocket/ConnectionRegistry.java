package dev.earshot.agent.websocket;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The {@link WebSocketConnection} of each library session object (a Jetty core session, a Tomcat
 * session, an OkHttp or JDK web socket), found by identity. Keys are weak: an entry never keeps a
 * session alive, and a session collected without its end having been reported (a library path no
 * adapter sees) is ended as dropped (1006), so {@code websocket.connections.active} cannot drift
 * upwards. Lookups allocate nothing; one registry per adapter.
 */
public final class ConnectionRegistry {

  private static final int INITIAL_CAPACITY = 64;

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private Entry[] table = new Entry[INITIAL_CAPACITY];
  private int size;

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final WebSocketConnection connection;
    Entry next;

    Entry(Object key, int hash, WebSocketConnection connection, ReferenceQueue<Object> queue, Entry next) {
      super(key, queue);
      this.hash = hash;
      this.connection = connection;
      this.next = next;
    }
  }

  /** @return the connection of {@code session}, or null when none was registered */
  public WebSocketConnection get(Object session) {
    if (session == null) {
      return null;
    }
    int hash = System.identityHashCode(session);
    synchronized (this) {
      Entry[] current = table;
      for (Entry e = current[hash & (current.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == session) {
          return e.connection;
        }
      }
      return null;
    }
  }

  /** Registers {@code connection} for {@code session} unless it already has one; returns the one registered. */
  public WebSocketConnection putIfAbsent(Object session, WebSocketConnection connection) {
    expungeCollected();
    int hash = System.identityHashCode(session);
    synchronized (this) {
      int index = hash & (table.length - 1);
      for (Entry e = table[index]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == session) {
          return e.connection;
        }
      }
      table[index] = new Entry(session, hash, connection, collected, table[index]);
      if (++size > table.length * 3 / 4) {
        resize();
      }
      return connection;
    }
  }

  /** Removes and returns the connection of {@code session}, or null. */
  public WebSocketConnection remove(Object session) {
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

  private WebSocketConnection unlink(int hash, Object key) {
    int index = hash & (table.length - 1);
    Entry previous = null;
    for (Entry e = table[index]; e != null; previous = e, e = e.next) {
      if (e == key || (e.hash == hash && e.get() == key && key != null)) {
        if (previous == null) {
          table[index] = e.next;
        } else {
          previous.next = e.next;
        }
        size--;
        return e.connection;
      }
    }
    return null;
  }

  /** Ends the connections whose sessions were collected without being ended. */
  void expungeCollected() {
    for (Object reference; (reference = collected.poll()) != null; ) {
      Entry entry = (Entry) reference;
      WebSocketConnection orphan;
      synchronized (this) {
        orphan = unlink(entry.hash, entry);
      }
      if (orphan != null) {
        orphan.ended(false);
      }
    }
  }

  private void resize() {
    Entry[] old = table;
    Entry[] grown = new Entry[old.length * 2];
    for (Entry head : old) {
      for (Entry e = head; e != null; ) {
        Entry next = e.next;
        int index = e.hash & (grown.length - 1);
        e.next = grown[index];
        grown[index] = e;
        e = next;
      }
    }
    table = grown;
  }
}
