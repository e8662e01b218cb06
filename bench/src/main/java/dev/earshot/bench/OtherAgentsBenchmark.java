package dev.earshot.bench;

import dev.earshot.agent.core.OtherAgents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The check every request on the JDK's HTTP server now pays before it is measured: is its handler
 * another agent's (the OpenTelemetry agent's Prometheus endpoint)? One class-value lookup on the
 * handler's loader; run with {@code -prof gc}: no allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OtherAgentsBenchmark {

  private final ClassLoader applicationLoader = OtherAgentsBenchmark.class.getClassLoader();

  /** An application's handler: the common case. */
  @Benchmark
  public boolean applicationHandler() {
    return OtherAgents.own(applicationLoader);
  }
}
