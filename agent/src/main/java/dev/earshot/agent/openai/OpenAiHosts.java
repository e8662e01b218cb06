package dev.earshot.agent.openai;

import dev.earshot.agent.core.Settings;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hosts whose plain HTTP traffic (OkHttp, {@code java.net.http}) is OpenAI API traffic:
 * {@code api.openai.com}, the host of the SDK's base URL setting ({@code OPENAI_BASE_URL},
 * {@code -Dopenai.baseUrl}) and {@code earshot.openai.hosts} (Azure OpenAI, local servers).
 * Entries with a port match that port only. Calls through the official SDK are measured whatever
 * their host.
 */
public final class OpenAiHosts {

  public static final String OPENAI_API_HOST = "api.openai.com";

  private static volatile OpenAiHosts current;

  /** Any port. */
  private final Set<String> hosts = new HashSet<>();
  /** Host to the ports it is listed with. */
  private final Map<String, int[]> hostPorts = new HashMap<>();

  OpenAiHosts(List<String> configured, String baseUrl) {
    hosts.add(OPENAI_API_HOST);
    for (String entry : configured) {
      add(entry);
    }
    if (baseUrl != null && !baseUrl.isBlank()) {
      try {
        URI uri = URI.create(baseUrl.trim());
        if (uri.getHost() != null) {
          add(uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        }
      } catch (IllegalArgumentException e) {
        // A malformed base URL fails the SDK's own calls; nothing to add here.
      }
    }
  }

  private void add(String entry) {
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon) {
      int port = Integer.parseInt(entry.substring(colon + 1));
      hostPorts.merge(entry.substring(0, colon), new int[] {port}, (a, b) -> {
        int[] both = java.util.Arrays.copyOf(a, a.length + 1);
        both[a.length] = b[0];
        return both;
      });
    } else {
      hosts.add(entry);
    }
  }

  public static OpenAiHosts current() {
    OpenAiHosts hosts = current;
    if (hosts == null) {
      String baseUrl = System.getProperty("openai.baseUrl");
      if (baseUrl == null) {
        baseUrl = System.getenv("OPENAI_BASE_URL");
      }
      current = hosts = new OpenAiHosts(Settings.current().openAiHosts(), baseUrl);
    }
    return hosts;
  }

  /**
   * @param host as the client holds it (any case)
   * @param port the request's port, or -1 for the scheme's default
   */
  public boolean matches(String host, int port, boolean https) {
    if (host == null) {
      return false;
    }
    String h = isLowerCase(host) ? host : host.toLowerCase(Locale.ROOT);
    if (hosts.contains(h)) {
      return true;
    }
    int[] ports = hostPorts.get(h);
    if (ports == null) {
      return false;
    }
    int effectivePort = port > 0 ? port : https ? 443 : 80;
    for (int p : ports) {
      if (p == effectivePort) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return false;
      }
    }
    return true;
  }
}
