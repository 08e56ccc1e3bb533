package dev.cita.scheduling.whatsapp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code application/x-www-form-urlencoded} text (a body or a query) as UTF-8. */
final class FormEncoding {
  private FormEncoding() {}

  /**
   * An upper bound of the number of parameters in {@code encoded} (one more than its {@code &}s),
   * counted without decoding anything, so a request can be refused before any work on it.
   */
  static int parameterCountBound(byte[] encoded) {
    int count = 1;
    for (byte b : encoded) {
      if (b == '&') {
        count++;
      }
    }
    return count;
  }

  /**
   * Every parameter in order of first appearance, a repeated name keeping every value in order.
   *
   * @throws IllegalArgumentException if an escape ({@code %zz}) is malformed
   */
  static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    params.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(params);
  }
}
