package dev.earshot.sample.session;

/**
 * Wire form of a {@link Session}: {@code {"id":"<uuid>","createdAt":"<ISO-8601>","voice":"alloy"}}.
 *
 * <p>A separate record keeps the JSON shape explicit and independent of Jackson's java.time
 * support (which would need an extra module).
 */
public record SessionJson(String id, String createdAt, String voice) {

  public static SessionJson of(Session session) {
    return new SessionJson(session.id().toString(), session.createdAt().toString(), session.voice());
  }
}
