package dev.earshot.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The premain filter: only target classes reach ByteBuddy, and they wait for it rather than pass untransformed. */
@Timeout(30)
class TargetNameFilterTest {

  private static final byte[] WOVEN = {1, 2, 3};
  private static final ClassFileTransformer BYTE_BUDDY = new ClassFileTransformer() {
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
      return WOVEN;
    }
  };

  @Test
  void otherClassesPassAtOnceEvenBeforeByteBuddyIsReady() throws Exception {
    TargetNameFilter filter = new TargetNameFilter(Set.of("a/Target"));
    assertThat(filter.transform(null, "a/Other", null, null, new byte[0])).isNull();
    assertThat(filter.transform(null, null, null, null, new byte[0])).isNull();
  }

  @Test
  void aTargetClassLoadedBeforeByteBuddyIsReadyWaitsForItAndIsTransformed() throws Exception {
    TargetNameFilter filter = new TargetNameFilter(Set.of("a/Target"));
    AtomicReference<byte[]> result = new AtomicReference<>();
    Thread loading = new Thread(() -> {
      try {
        result.set(filter.transform(null, "a/Target", null, null, new byte[0]));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    loading.start();
    awaitState(loading, Thread.State.TIMED_WAITING);

    filter.settle(BYTE_BUDDY);
    loading.join();

    assertThat(result.get()).isEqualTo(WOVEN);
    assertThat(filter.passedUntransformed()).isEmpty();
  }

  @Test
  void theInitialisationThreadNeverWaitsForItselfAndItsTargetsAreRememberedForTheSweep() throws Exception {
    TargetNameFilter filter = new TargetNameFilter(Set.of("a/Target"));
    filter.builtBy(Thread.currentThread());

    assertThat(filter.transform(null, "a/Target", null, null, new byte[0])).isNull();
    assertThat(filter.passedUntransformed()).containsExactly("a.Target");
  }

  @Test
  void withoutATransformerWaitingClassesLoadAsTheyAreAndAreRemembered() throws Exception {
    TargetNameFilter filter = new TargetNameFilter(Set.of("a/Target"));
    filter.settle(null);

    assertThat(filter.transform(null, "a/Target", null, null, new byte[0])).isNull();
    assertThat(filter.passedUntransformed()).containsExactly("a.Target");
  }

  @Test
  void onceReadyTargetsGoStraightToByteBuddy() throws Exception {
    TargetNameFilter filter = new TargetNameFilter(Set.of("a/Target"));
    filter.settle(BYTE_BUDDY);
    assertThat(filter.transform(null, "a/Target", null, null, new byte[0])).isEqualTo(WOVEN);
    assertThat(filter.transform(null, null, "a/Target", null, null, new byte[0])).isEqualTo(WOVEN);
  }

  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    while (thread.getState() != state) {
      Thread.sleep(1);
    }
  }
}
