package dev.earshot.agent.openai;

import dev.earshot.agent.core.CardinalityLimit;
import dev.earshot.agent.http.RouteNormalizer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code gen_ai.operation.name} of an OpenAI request, from its path: the semantic conventions'
 * names where one exists ({@code chat}, {@code text_completion}, {@code embeddings},
 * {@code generate_content}), plain names for the voice endpoints ({@code transcription},
 * {@code translation}, {@code speech}, {@code client_secret}), and for any other endpoint its path
 * after the API version with ids as {@code {id}} ({@code /models/{id}}), bounded.
 */
public final class OpenAiOperations {

  public static final String CHAT = "chat";
  public static final String TEXT_COMPLETION = "text_completion";
  public static final String EMBEDDINGS = "embeddings";
  public static final String GENERATE_CONTENT = "generate_content";
  public static final String TRANSCRIPTION = "transcription";
  public static final String TRANSLATION = "translation";
  public static final String SPEECH = "speech";
  public static final String CLIENT_SECRET = "client_secret";
  /** Every other path once {@link #MAX_OTHER_PATHS} are known. */
  public static final String OTHER = "other";

  static final int MAX_OTHER_PATHS = 50;
  private static final int MAX_PATH_LENGTH = 256;

  private static final ConcurrentHashMap<String, String> otherPaths = new ConcurrentHashMap<>();
  private static final Set<String> refused = CardinalityLimit.refusedValues();

  private OpenAiOperations() {}

  /** From a raw request path ({@code /v1/chat/completions}, {@code /openai/deployments/x/embeddings}). */
  public static String fromPath(String method, String path) {
    if (path == null) {
      return OTHER;
    }
    int query = path.indexOf('?');
    String p = query >= 0 ? path.substring(0, query) : path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String known = known(method, p);
    return known != null ? known : other(stripVersion(p));
  }

  /** From the SDK's path segments (relative to its base URL, which holds the version). */
  public static String fromSegments(String method, List<String> segments) {
    StringBuilder path = new StringBuilder(32);
    for (String segment : segments) {
      path.append('/').append(segment);
    }
    String p = path.toString();
    String known = known(method, p);
    return known != null ? known : other(p);
  }

  private static String known(String method, String p) {
    if (p.endsWith("/chat/completions")) {
      return CHAT;
    }
    if (p.endsWith("/completions")) {
      return TEXT_COMPLETION;
    }
    if (p.endsWith("/embeddings")) {
      return EMBEDDINGS;
    }
    if (p.endsWith("/responses") && "POST".equals(method)) {
      return GENERATE_CONTENT;
    }
    if (p.endsWith("/audio/transcriptions")) {
      return TRANSCRIPTION;
    }
    if (p.endsWith("/audio/translations")) {
      return TRANSLATION;
    }
    if (p.endsWith("/audio/speech")) {
      return SPEECH;
    }
    if (p.endsWith("/realtime/client_secrets") || p.endsWith("/realtime/sessions") || p.endsWith("/realtime/transcription_sessions")) {
      return CLIENT_SECRET;
    }
    return null;
  }

  private static String stripVersion(String p) {
    if (p.startsWith("/v1/") || p.equals("/v1")) {
      return p.substring(3);
    }
    return p;
  }

  private static String other(String path) {
    if (path.isEmpty() || path.length() > MAX_PATH_LENGTH) {
      return OTHER;
    }
    String existing = otherPaths.get(path);
    if (existing != null) {
      return existing;
    }
    String template = RouteNormalizer.normalize(path);
    if (template == null || template.isEmpty()) {
      return OTHER;
    }
    if (otherPaths.size() >= MAX_OTHER_PATHS) {
      // Known templates stay reachable through the raw paths already seen; new ones are "other".
      if (otherPaths.containsValue(template)) {
        return template;
      }
      CardinalityLimit.GEN_AI_OPERATION.overflowed(refused, template);
      return OTHER;
    }
    String previous = otherPaths.putIfAbsent(path, template);
    return previous != null ? previous : template;
  }
}
