package dev.earshot.sample.voice;

import dev.earshot.sample.http.RouteGroup;
import dev.earshot.sample.openai.AssistantLlm;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/realtime}: a full-duplex voice conversation speaking the OpenAI Realtime event
 * vocabulary, served locally ({@link ConversationSession}) or relayed to OpenAI ({@link
 * RealtimeRelay}) depending on {@link RealtimeSettings#mode()}.
 *
 * <p>Owns what all sessions share and bounds it: at most {@link RealtimeSettings#maxSessions()}
 * open sessions (one more is closed at once with 1013 try-again-later), a fixed pool of workers for
 * the blocking SDK calls with a bounded queue, and one timer thread that paces every response's
 * audio. {@link #close()} closes every session with 1001 going-away.
 */
public final class RealtimeEndpoint implements RouteGroup, AutoCloseable {

  public static final String PATH = "/ws/realtime";

  private static final Logger LOG = LoggerFactory.getLogger(RealtimeEndpoint.class);

  private final RealtimeSettings settings;
  private final AssistantLlm llm;
  private final Map<String, RealtimeChannel> channels = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final HttpClient relayClient;
  private final URI relayUri;
  private volatile boolean closing;

  public RealtimeEndpoint(RealtimeSettings settings, AssistantLlm llm) {
    this.settings = settings;
    this.llm = llm;
    this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.queuedAnswers()), daemonThreads("earshot-voice-worker-"));
    workers.allowCoreThreadTimeOut(true);
    this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("earshot-voice-pacer-"));
    timer.setRemoveOnCancelPolicy(true);
    if (settings.mode() == RealtimeSettings.Mode.RELAY) {
      relayClient = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
      relayUri = RealtimeRelay.upstreamUri(llm.baseUrl(), llm.realtimeModel());
      LOG.info("/ws/realtime relays to {}://{}{}", relayUri.getScheme(), relayUri.getAuthority(), relayUri.getPath());
    } else {
      relayClient = null;
      relayUri = null;
    }
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.ws(PATH, ws -> {
      ws.onConnect(this::connected);
      ws.onMessage(ctx -> channel(ctx).ifPresent(channel -> channel.onText(ctx.message())));
      ws.onBinaryMessage(ctx -> channel(ctx).ifPresent(channel -> channel.onBinary(ctx.data())));
      ws.onClose(ctx -> {
        RealtimeChannel channel = channels.remove(ctx.sessionId());
        if (channel != null) {
          open.decrementAndGet();
          channel.onClose(ctx.status(), ctx.reason());
        }
      });
      ws.onError(ctx -> LOG.debug("realtime connection error: {}",
          ctx.error() == null ? "unknown" : ctx.error().getClass().getSimpleName()));
    });
  }

  /** Open sessions right now. */
  public int openSessions() {
    return open.get();
  }

  private void connected(WsContext ctx) {
    ClientConnection client = new ClientConnection(ctx.session);
    if (closing) {
      client.close(1001, "server shutting down");
      return;
    }
    if (open.incrementAndGet() > settings.maxSessions()) {
      open.decrementAndGet();
      client.close(1013, "too many sessions; try again later");
      return;
    }
    if (settings.mode() == RealtimeSettings.Mode.RELAY) {
      RealtimeRelay relay = new RealtimeRelay(client);
      channels.put(ctx.sessionId(), relay);
      relay.connect(relayClient, relayUri, llm.apiKey());
    } else {
      ConversationSession session = new ConversationSession(client, llm, workers, timer, settings);
      channels.put(ctx.sessionId(), session);
      session.open();
    }
  }

  private java.util.Optional<RealtimeChannel> channel(WsContext ctx) {
    return java.util.Optional.ofNullable(channels.get(ctx.sessionId()));
  }

  /** Closes every session with 1001, waits briefly for the closes to go out, stops the threads. */
  @Override
  public void close() {
    closing = true;
    channels.values().forEach(channel -> channel.shutdown(1001, "server shutting down"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!channels.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
