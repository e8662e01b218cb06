package dev.earshot.sample.session;

import dev.earshot.sample.http.ClientAddressResolver;
import dev.earshot.sample.http.RouteGroup;
import dev.earshot.sample.ratelimit.ClientRateLimiter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The session resource.
 *
 * <ul>
 *   <li>{@code POST /api/sessions} (optional body {@code {"voice":"alloy"}}) creates a session:
 *       201, the session JSON and a {@code Location} header. Rate-limited per client, since
 *       creating sessions is what a misbehaving client would hammer: beyond the limit, 429.
 *   <li>{@code GET /api/sessions/{id}}: 200 with the session, 404 if unknown.
 *   <li>{@code DELETE /api/sessions/{id}}: 204, or 404 if unknown.
 * </ul>
 *
 * <p>A malformed id is reported as 404, not 400 or 500: no session can exist under it, and a
 * client probing ids learns nothing more than "not found".
 */
public final class SessionRoutes implements RouteGroup {

  public static final String COLLECTION_PATH = "/api/sessions";
  public static final String ITEM_PATH = COLLECTION_PATH + "/{id}";

  private final SessionStore store;
  private final CreateSessionRequestParser requestParser;
  private final ClientRateLimiter creationLimiter;
  private final ClientAddressResolver clientAddresses;
  private final Clock clock;

  public SessionRoutes(
      SessionStore store,
      CreateSessionRequestParser requestParser,
      ClientRateLimiter creationLimiter,
      ClientAddressResolver clientAddresses,
      Clock clock) {
    this.store = store;
    this.requestParser = requestParser;
    this.creationLimiter = creationLimiter;
    this.clientAddresses = clientAddresses;
    this.clock = clock;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(COLLECTION_PATH, this::create);
    routes.get(ITEM_PATH, this::get);
    routes.delete(ITEM_PATH, this::delete);
  }

  private void create(Context ctx) {
    // Limit before parsing: rejected requests should cost as little as possible.
    creationLimiter.acquire(clientAddresses.clientAddress(ctx));
    CreateSessionRequestParser.CreateSessionRequest request = requestParser.parse(ctx.body());
    Session session =
        new Session(UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.MILLIS), request.voice());
    store.add(session);
    ctx.status(201)
        .header(Header.LOCATION, COLLECTION_PATH + "/" + session.id())
        .json(SessionJson.of(session));
  }

  private void get(Context ctx) {
    Session session = parseId(ctx.pathParam("id")).flatMap(store::find).orElseThrow(SessionRoutes::notFound);
    ctx.json(SessionJson.of(session));
  }

  private void delete(Context ctx) {
    boolean removed = parseId(ctx.pathParam("id")).map(store::remove).orElse(false);
    if (!removed) {
      throw notFound();
    }
    ctx.status(204);
  }

  private static Optional<UUID> parseId(String raw) {
    try {
      return Optional.of(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static NotFoundResponse notFound() {
    return new NotFoundResponse("Session not found");
  }
}
