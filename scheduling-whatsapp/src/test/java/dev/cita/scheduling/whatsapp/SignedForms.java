package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Twilio webhook forms signed as Twilio signs them, for the tests that post them. */
final class SignedForms {
  private SignedForms() {}

  /** A form POST of {@code params} to {@code url}, with its {@code X-Twilio-Signature}. */
  static WebhookRequest signed(
      TwilioRequestValidator validator, String url, Map<String, List<String>> params) {
    StringBuilder body = new StringBuilder();
    params.forEach(
        (name, values) ->
            values.forEach(
                v ->
                    body.append(body.length() == 0 ? "" : "&")
                        .append(enc(name))
                        .append('=')
                        .append(enc(v))));
    return WebhookRequest.builder("POST", url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", validator.sign(url, params))
        .body(body.toString())
        .build();
  }

  /** The parameters of an inbound WhatsApp message from {@code from} to {@code to}. */
  static Map<String, List<String>> inbound(String messageSid, String from, String to, String text) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("MessageSid", List.of(messageSid));
    params.put("From", List.of("whatsapp:" + from));
    params.put("To", List.of("whatsapp:" + to));
    params.put("Body", List.of(text));
    params.put("ProfileName", List.of("María"));
    return params;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
