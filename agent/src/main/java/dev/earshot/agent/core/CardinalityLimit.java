package dev.earshot.agent.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of the agent's bounds on an attribute's values ({@code earshot.http.max-routes}, the model
 * and operation tables, the application close codes), counting the values it had to report as its
 * catch-all ({@code OTHER}, {@code _OTHER}, {@code other}, {@code 0}) because it was full:
 * {@code earshot.agent.cardinality.overflows}, so that an operator sees series folded away.
 *
 * <p>Each table calls {@link #overflowed} only on a value it has not memoised, and remembers
 * refused values in {@link #refusedValues()}, so a known value, kept or refused, costs nothing here.
 */
public final class CardinalityLimit {

  static final AttributeKey<String> ATTRIBUTE = AttributeKey.stringKey("earshot.attribute");
  /** Refused values remembered per table; past this, every further new value is counted when it comes. */
  public static final int MAX_REMEMBERED_REFUSALS = 4096;

  public static final CardinalityLimit HTTP_ROUTE = new CardinalityLimit("http.route");
  public static final CardinalityLimit WEBSOCKET_ENDPOINT = new CardinalityLimit("websocket.endpoint");
  /** Shared by {@code gen_ai.request.model} and {@code gen_ai.response.model}. */
  public static final CardinalityLimit GEN_AI_MODEL = new CardinalityLimit("gen_ai.model");
  public static final CardinalityLimit GEN_AI_OPERATION = new CardinalityLimit("gen_ai.operation.name");
  public static final CardinalityLimit WEBSOCKET_CLOSE_CODE = new CardinalityLimit("websocket.close.code");

  private static final List<CardinalityLimit> ALL =
      List.of(HTTP_ROUTE, WEBSOCKET_ENDPOINT, GEN_AI_MODEL, GEN_AI_OPERATION, WEBSOCKET_CLOSE_CODE);

  private final String attribute;
  private final Attributes attributes;
  private final LongAdder overflows = new LongAdder();

  private CardinalityLimit(String attribute) {
    this.attribute = attribute;
    this.attributes = Attributes.of(ATTRIBUTE, attribute);
  }

  /** A new set for a table's refused values, to be used with {@link #overflowed(Set, String)}. */
  public static Set<String> refusedValues() {
    return ConcurrentHashMap.newKeySet();
  }

  /**
   * A value the table could not keep because it was full. Counted once per distinct value while
   * {@code refused} has room ({@value #MAX_REMEMBERED_REFUSALS}), at every occurrence after that.
   */
  public void overflowed(Set<String> refused, String value) {
    if (refused.size() >= MAX_REMEMBERED_REFUSALS || refused.add(value)) {
      overflows.increment();
    }
  }

  /** A refused value the caller remembers itself (a close code in a bit set). */
  public void overflowed() {
    overflows.increment();
  }

  public String attribute() {
    return attribute;
  }

  public long overflows() {
    return overflows.sum();
  }

  /** Every limit is reported, with 0 until it overflows, so that alerts have a series to watch. */
  static void registerMetric(Meter meter) {
    meter.counterBuilder("earshot.agent.cardinality.overflows")
        .setUnit("{value}")
        .setDescription("Attribute values the agent reported as OTHER (or _OTHER, other, 0) because its limit on that attribute was full.")
        .buildWithCallback(measurement -> {
          for (CardinalityLimit limit : ALL) {
            measurement.record(limit.overflows.sum(), limit.attributes);
          }
        });
  }
}
