package dev.earshot.sample.openai.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small {@code multipart/form-data} (RFC 7578) parser for uploads such as {@code
 * /v1/audio/transcriptions}. The whole body is in memory already (it is size-capped), so parsing
 * is a scan for the boundary.
 */
final class Multipart {

  /** One form field; {@code filename} is null for plain fields. */
  record Part(String name, String filename, String contentType, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private Multipart() {}

  /** The boundary parameter of a multipart content type, or null. */
  static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      String trimmed = parameter.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = trimmed.substring("boundary=".length());
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /**
   * The parts by field name, in order.
   *
   * @throws IllegalArgumentException if the body is not well-formed multipart
   */
  static Map<String, List<Part>> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, List<Part>> parts = new LinkedHashMap<>();
    int position = indexOf(body, delimiter, 0);
    if (position < 0) {
      throw new IllegalArgumentException("no multipart boundary in the body");
    }
    position += delimiter.length;
    while (true) {
      if (startsWith(body, position, new byte[] {'-', '-'})) {
        return parts; // close delimiter
      }
      if (!startsWith(body, position, CRLF)) {
        throw new IllegalArgumentException("malformed multipart delimiter");
      }
      int headersStart = position + 2;
      int headersEnd = indexOf(body, HEADER_END, headersStart);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("unterminated multipart headers");
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int dataStart = headersEnd + HEADER_END.length;
      int dataEnd = indexOf(body, separator, dataStart);
      if (dataEnd < 0) {
        throw new IllegalArgumentException("unterminated multipart part");
      }
      byte[] data = new byte[dataEnd - dataStart];
      System.arraycopy(body, dataStart, data, 0, data.length);
      Part part = part(headers, data);
      parts.computeIfAbsent(part.name(), key -> new ArrayList<>()).add(part);
      position = dataEnd + separator.length;
    }
  }

  private static Part part(String headers, byte[] data) {
    String name = null;
    String filename = null;
    String contentType = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (header.equals("content-disposition")) {
        name = parameter(value, "name");
        filename = parameter(value, "filename");
      } else if (header.equals("content-type")) {
        contentType = value;
      }
    }
    if (name == null) {
      throw new IllegalArgumentException("multipart part without a name");
    }
    return new Part(name, filename, contentType, data);
  }

  private static String parameter(String disposition, String wanted) {
    for (String parameter : disposition.split(";")) {
      String trimmed = parameter.trim();
      int equals = trimmed.indexOf('=');
      if (equals > 0 && trimmed.substring(0, equals).trim().equalsIgnoreCase(wanted)) {
        String value = trimmed.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (offset + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
