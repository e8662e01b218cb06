package dev.earshot.agent.core;

/**
 * A small map from {@code long} keys to values, built for hot paths: reads take no lock and
 * allocate nothing (no boxing, unlike a {@code Map<Long, V>}); writes copy the table, which is
 * fine because the set of keys (attribute combinations) settles after warm-up. At most
 * {@code capacity} entries are kept; past that, {@link #putIfAbsent} stores nothing and callers use
 * the value they computed.
 */
public final class LongKeyedCache<V> {

  private static final class Table {
    final long[] keys;
    final Object[] values;
    final int size;

    Table(int slots, int size) {
      keys = new long[slots];
      values = new Object[slots];
      this.size = size;
    }
  }

  private final int capacity;
  private volatile Table table = new Table(16, 0);

  public LongKeyedCache(int capacity) {
    this.capacity = capacity;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    Table t = table;
    int mask = t.keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      Object value = t.values[i];
      if (value == null) {
        return null;
      }
      if (t.keys[i] == key) {
        return (V) value;
      }
    }
  }

  /** Stores the value unless the key is present or the cache is full; returns the value to use. */
  @SuppressWarnings("unchecked")
  public synchronized V putIfAbsent(long key, V value) {
    V existing = get(key);
    if (existing != null) {
      return existing;
    }
    Table old = table;
    if (old.size >= capacity) {
      return value;
    }
    int slots = old.keys.length;
    while ((old.size + 1) * 2 > slots) {
      slots *= 2;
    }
    Table grown = new Table(slots, old.size + 1);
    for (int i = 0; i < old.keys.length; i++) {
      if (old.values[i] != null) {
        insert(grown, old.keys[i], old.values[i]);
      }
    }
    insert(grown, key, value);
    table = grown;
    return value;
  }

  public int size() {
    return table.size;
  }

  private static void insert(Table t, long key, Object value) {
    int mask = t.keys.length - 1;
    int i = slot(key, mask);
    while (t.values[i] != null) {
      i = (i + 1) & mask;
    }
    t.keys[i] = key;
    t.values[i] = value;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
