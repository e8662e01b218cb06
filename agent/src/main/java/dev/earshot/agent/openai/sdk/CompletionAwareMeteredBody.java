package dev.earshot.agent.openai.sdk;

import com.openai.core.http.StreamCompletionListener;
import dev.earshot.agent.openai.OpenAiCall;
import java.io.InputStream;

/**
 * For SDK 4.x bodies that want to hear when a stream's last event was read (its logging client's):
 * the signal still reaches them through the metered stream. Loaded only when the SDK has the type.
 */
final class CompletionAwareMeteredBody extends MeteredBody implements StreamCompletionListener {

  private CompletionAwareMeteredBody(InputStream in, OpenAiCall call) {
    super(in, call);
  }

  /**
   * The only way in. Declared to return a plain {@code InputStream} so that verifying the caller
   * never loads this class: with SDK 3.x, which lacks {@code StreamCompletionListener}, loading it
   * fails, and it must only be loaded when the SDK has the type.
   */
  static InputStream create(InputStream in, OpenAiCall call) {
    return new CompletionAwareMeteredBody(in, call);
  }

  @Override
  public void onComplete() {
    try {
      ((StreamCompletionListener) in).onComplete();
    } finally {
      // The SDK read the stream's last event: the call is over even if the stream stays open.
      call.end();
    }
  }
}
