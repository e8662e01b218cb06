package dev.earshot.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // numbers
      "/users/123                                         | /users/{id}",
      "/users/0/orders/98765432109876543                  | /users/{id}/orders/{id}",
      // UUIDs, any case
      "/orders/3f2b8c1e-9d4a-4b6e-8f00-1234567890ab/items | /orders/{id}/items",
      "/orders/3F2B8C1E-9D4A-4B6E-8F00-1234567890AB       | /orders/{id}",
      // long hex with at least one digit
      "/blobs/deadbeef00112233                            | /blobs/{id}",
      "/commits/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567  | /commits/{id}",
      // opaque tokens: 20+ characters mixing letters and digits
      "/s/sess_9fK2aB7xQ1mN4pR8tZ0w                       | /s/{id}",
      "/t/AbCdEfGhIjKlMnOp1234-_xy                        | /t/{id}",
      // words and slugs are kept
      "/api/voice-sessions/current                        | /api/voice-sessions/current",
      "/blog/how-to-build-a-voice-assistant-on-the-jvm    | /blog/how-to-build-a-voice-assistant-on-the-jvm",
      // slugs with numbers as words of their own are kept; a dash inside a random token is not a slug
      "/blog/top-10-voice-assistants-2024                 | /blog/top-10-voice-assistants-2024",
      "/t/k3j4h5-g6f7d8s9a0-q1w2e3r4t5                    | /t/{id}",
      "/api/v2/users                                      | /api/v2/users",
      "/blobs/deadbeefcafebabe                            | /blobs/deadbeefcafebabe",
      "/blobs/abc123                                      | /blobs/abc123",
      "/s/sess_9fK2aB7x                                   | /s/sess_9fK2aB7x",
      "/a/b.c.d                                           | /a/b.c.d",
      // query strings, fragments, matrix parameters and empty segments are dropped
      "/search?q=123&page=2                               | /search",
      "/docs/intro#section-4                              | /docs/intro",
      "/users;jsessionid=ABC123/42                        | /users/{id}",
      "/users/42;v=1?x=y                                  | /users/{id}",
      "//a///b/                                           | /a/b",
      "/                                                  | /",
      "/?q=1                                              | /",
      "///                                                | /",
  })
  void normalises(String raw, String expected) {
    assertThat(RouteNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void emptyOrNullPathIsTheRoot() {
    assertThat(RouteNormalizer.normalize("")).isEqualTo("/");
    assertThat(RouteNormalizer.normalize(null)).isEqualTo("/");
  }

  @Test
  void pathsTooLongAreNoRoute() {
    String segment = "/" + "a".repeat(255);
    assertThat(RouteNormalizer.normalize(segment)).isEqualTo(segment); // 256 characters: still a route
    assertThat(RouteNormalizer.normalize(segment + "b")).isNull();
    // Only the path counts, not the query.
    assertThat(RouteNormalizer.normalize("/a?" + "x".repeat(1000))).isEqualTo("/a");
  }

  @Test
  void pathsTooDeepAreNoRoute() {
    assertThat(RouteNormalizer.normalize("/a".repeat(16))).isEqualTo("/a".repeat(16));
    assertThat(RouteNormalizer.normalize("/a".repeat(17))).isNull();
    // Empty segments do not count towards the depth.
    assertThat(RouteNormalizer.normalize("/a/".repeat(16))).isEqualTo("/a".repeat(16));
  }
}
