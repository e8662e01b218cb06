package dev.earshot.testapps.webapp;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The web application's one OpenAI client, built from the environment ({@code OPENAI_API_KEY},
 * {@code OPENAI_BASE_URL}) as the SDK's documentation shows, and closed when the application is
 * stopped so that its connection pool and dispatcher go with it.
 *
 * <p>The timeout is short for a reason beyond the calls themselves: Okio's timeout watchdog thread,
 * started by the first call, keeps waiting for the longest timeout it was given even after the call
 * ended (up to the SDK's default 10 minutes), then 60 s more, and holds this application's class
 * loader all the while.
 *
 * <p>The executor for asynchronous streams is the application's own, handed over as a plain
 * {@code Executor}: the SDK (4.101.0) wraps any {@code ExecutorService}, its default included, in a
 * {@code PhantomReachableExecutorService} whose cleanup action refers to the wrapper itself, so the
 * wrapper never becomes phantom reachable, the SDK's {@code Cleaner} thread never ends, and it holds
 * this application's class loader for the life of the JVM (one thread and one loader per
 * redeployment, with or without any agent).
 */
@WebListener
public final class AssistantLifecycle implements ServletContextListener {

  static final String CLIENT = OpenAIClient.class.getName();

  private final ExecutorService streams = Executors.newCachedThreadPool();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    event.getServletContext().setAttribute(CLIENT, OpenAIOkHttpClient.builder().fromEnv()
        .timeout(Duration.ofSeconds(10))
        .streamHandlerExecutor(streams::execute)
        .build());
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Object client = context.getAttribute(CLIENT);
    context.removeAttribute(CLIENT);
    if (client instanceof OpenAIClient) {
      ((OpenAIClient) client).close();
    }
    streams.shutdown();
  }

  static OpenAIClient client(ServletContext context) {
    return (OpenAIClient) context.getAttribute(CLIENT);
  }
}
