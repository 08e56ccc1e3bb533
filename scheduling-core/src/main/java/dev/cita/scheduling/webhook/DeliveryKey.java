package dev.cita.scheduling.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The de-duplication key of a delivery: the provider's delivery id when it sends one, else a
 * SHA-256 of trigger, booking ids and raw body (so a replayed body is recognised, for providers
 * such as Cal.com that send no delivery id).
 */
final class DeliveryKey {
  private DeliveryKey() {}

  static String of(ParsedWebhook parsed, WebhookRequest request) {
    if (parsed.deliveryId().isPresent()) {
      return "id:" + parsed.deliveryId().get();
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    sha256.update(parsed.trigger().getBytes(StandardCharsets.UTF_8));
    for (ProviderBookingEvent e : parsed.events()) {
      sha256.update((byte) 0);
      sha256.update(e.externalId().getBytes(StandardCharsets.UTF_8));
    }
    sha256.update((byte) 0);
    sha256.update(request.body());
    return "sha256:" + HexFormat.of().formatHex(sha256.digest());
  }
}
