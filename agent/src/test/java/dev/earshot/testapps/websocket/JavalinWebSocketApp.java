package dev.earshot.testapps.websocket;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;

/**
 * Javalin 7 on 127.0.0.1 with {@code ws("/ws/sessions/{id}")} and {@code ws("/voice/{room}")} driven by
 * {@link WsCommands} (Javalin's sends are blocking), under the context path given as the first
 * argument (default {@code /}); prints {@code READY port=N}. Stops gracefully.
 */
public final class JavalinWebSocketApp {

  public static void main(String[] args) throws Exception {
    Javalin[] app = new Javalin[1];
    app[0] = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      // A graceful stop: Jetty closes open sessions with 1001 (Javalin's default stops at once: 1006).
      config.jetty.modifyServer(server -> server.setStopTimeout(5_000));
      config.router.contextPath = args.length > 0 ? args[0] : "/";
      for (String route : new String[] {"/ws/sessions/{id}", "/voice/{room}"}) {
        config.routes.ws(route, ws -> {
          ws.onMessage(ctx -> WsCommands.handle(ctx.message(), commands(ctx, app[0])));
          ws.onBinaryMessage(ctx -> {});
        });
      }
    });
    app[0].start("127.0.0.1", 0);
    System.out.println("READY port=" + app[0].port());
    Thread.sleep(Long.MAX_VALUE);
  }

  private static WsCommands.Server commands(WsContext ctx, Javalin app) {
    return new WsCommands.Server() {
      @Override
      public void text(String text) {
        ctx.send(text);
      }

      @Override
      public void binary(ByteBuffer data) {
        ctx.send(data);
      }

      @Override
      public void partialText(String part, boolean last) throws Exception {
        org.eclipse.jetty.websocket.api.Callback.Completable sent = new org.eclipse.jetty.websocket.api.Callback.Completable();
        ctx.session.sendPartialText(part, last, sent);
        sent.get();
      }

      @Override
      public void close(int code) {
        ctx.closeSession(code, "bye");
      }

      @Override
      public void abort() {
        ctx.session.disconnect();
      }

      @Override
      public void stopServer() {
        app.stop();
      }
    };
  }
}
