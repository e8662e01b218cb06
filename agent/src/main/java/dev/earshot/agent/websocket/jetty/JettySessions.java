package dev.earshot.agent.websocket.jetty;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Core session -> {@link JettySession}, by identity, with weak keys; lookups allocate nothing. A
 * session collected without its {@code closeConnection} having been seen is ended as dropped
 * (1006), so the active gauge cannot drift upwards. ({@code ConnectionRegistry} does the same for
 * a bare connection; this adapter also keeps frame state per session.)
 */
final class JettySessions {

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private Entry[] table = new Entry[64];
  private int size;

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final JettySession value;
    Entry next;

    Entry(Object key, int hash, JettySession value, ReferenceQueue<Object> queue, Entry next) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  JettySession get(Object session) {
    int hash = System.identityHashCode(session);
    synchronized (this) {
      for (Entry e = table[hash & (table.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == session) {
          return e.value;
        }
      }
      return null;
    }
  }

  void put(Object session, JettySession value) {
    endCollected();
    int hash = System.identityHashCode(session);
    synchronized (this) {
      int index = hash & (table.length - 1);
      table[index] = new Entry(session, hash, value, collected, table[index]);
      if (++size > table.length * 3 / 4) {
        grow();
      }
    }
  }

  JettySession remove(Object session) {
    int hash = System.identityHashCode(session);
    synchronized (this) {
      Entry e = unlink(hash, session, null);
      return e == null ? null : e.value;
    }
  }

  synchronized int size() {
    return size;
  }

  /** Unlinks the entry of {@code key}, or {@code entry} itself when given (a collected key). */
  private Entry unlink(int hash, Object key, Entry entry) {
    int index = hash & (table.length - 1);
    for (Entry e = table[index], previous = null; e != null; previous = e, e = e.next) {
      if (entry != null ? e == entry : e.hash == hash && e.get() == key) {
        if (previous == null) {
          table[index] = e.next;
        } else {
          previous.next = e.next;
        }
        size--;
        return e;
      }
    }
    return null;
  }

  private void endCollected() {
    for (Object reference; (reference = collected.poll()) != null; ) {
      Entry entry = (Entry) reference;
      Entry removed;
      synchronized (this) {
        removed = unlink(entry.hash, null, entry);
      }
      if (removed != null) {
        removed.value.connection.ended(false);
      }
    }
  }

  private void grow() {
    Entry[] grown = new Entry[table.length * 2];
    for (Entry head : table) {
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
