package dev.cita.scheduling.whatsapp.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * An {@code application/x-www-form-urlencoded} body whose parameters stay in the order they were
 * added, encoded as UTF-8 with {@link URLEncoder} ({@code :} → {@code %3A}, {@code +} → {@code
 * %2B}, space → {@code +}), so the same message always gives the same bytes.
 */
final class OrderedForm {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
  private final StringBuilder encoded = new StringBuilder();

  OrderedForm add(String name, String value) {
    if (encoded.length() > 0) {
      encoded.append('&');
    }
    encoded
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    return this;
  }

  RequestBody toRequestBody() {
    return RequestBody.create(encoded.toString().getBytes(StandardCharsets.UTF_8), FORM);
  }
}
