package dev.earshot.testapps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A plain JDK HttpServer application, no agent awareness. Prints {@code READY port=N}.
 * Routes: any path answers 200 with "ok", except paths containing "missing" (404), "teapot" (418),
 * "boom" (the handler throws), "slow" (sleeps 120 ms, then 200).
 */
public final class JdkServerApp {

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", JdkServerApp::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("READY port=" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.contains("boom")) {
      throw new IllegalStateException("handler failed on purpose");
    }
    if (path.contains("slow")) {
      try {
        Thread.sleep(120);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = path.contains("missing") ? 404 : path.contains("teapot") ? 418 : 200;
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
