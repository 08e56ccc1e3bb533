package dev.cita.scheduling.webhook;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the tag Cita writes on the bookings and events it makes at a provider (its
 * appointment id, in Cal.com metadata, a Google private property, Calendly's UTM tracking): the
 * signature is an HMAC-SHA256 of tenant, provider and appointment id under a per-tenant key,
 * truncated to {@value #SIGNATURE_BYTES} bytes and written as unpadded base64url ({@value
 * #SIGNATURE_LENGTH} characters). {@link WebhookHandler} links a webhook event to an appointment
 * through its tag only when the signature verifies (compared in constant time); anyone can write a
 * tag on a public booking page, nobody without the key can sign it.
 *
 * <p>The adapters that write tags and the webhook handler that reads them must use signers with the
 * same keys, and so must every node of the app. Give them one built with {@link
 * #fromMasterSecret(byte[])} (a secret of at least 32 random bytes from the app's secret store;
 * each tenant's key is derived from it as {@code HMAC(master, "cita-tag-key-v1" + tenant)}) or
 * {@link #perTenantKeys(Function)}. When none is given they use {@link #ephemeral()}, a key made at
 * startup: fine for tests and a single node, but after a restart the echoes of bookings made before
 * it are no longer linked by their tag. Keys never appear in logs or {@link #toString()}.
 */
public final class AppointmentTagSigner {
  /** How many bytes of the HMAC a signature keeps. */
  public static final int SIGNATURE_BYTES = 16;

  /** The length of a signature as written: base64url without padding. */
  public static final int SIGNATURE_LENGTH = 22;

  private static final int MIN_MASTER_BYTES = 32;
  private static final Logger log = LoggerFactory.getLogger(AppointmentTagSigner.class);
  private static final byte[] KEY_LABEL = "cita-tag-key-v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SEPARATOR = {0};

  private final Function<TenantId, byte[]> keys;
  private final String description;

  private AppointmentTagSigner(Function<TenantId, byte[]> keys, String description) {
    this.keys = keys;
    this.description = description;
  }

  /**
   * Keys derived from one master secret (at least 32 bytes), shared by every node of the app.
   *
   * @param masterSecret at least 32 random bytes from the app's secret store; copied
   * @return the signer
   * @throws dev.cita.scheduling.ValidationException if the secret is missing or shorter than 32
   *     bytes
   */
  public static AppointmentTagSigner fromMasterSecret(byte[] masterSecret) {
    Checks.notNull(masterSecret, "masterSecret");
    if (masterSecret.length < MIN_MASTER_BYTES) {
      throw new dev.cita.scheduling.ValidationException(
          "masterSecret", "must be at least " + MIN_MASTER_BYTES + " bytes");
    }
    byte[] master = masterSecret.clone();
    return new AppointmentTagSigner(
        tenant -> HmacSignatures.hmacSha256(master, KEY_LABEL, SEPARATOR, utf8(tenant.value())),
        "master secret");
  }

  /**
   * Keys the app supplies per tenant (for example from its secret store); the function must return
   * the same non-empty key for a tenant on every node and every call.
   *
   * @param keys the key of each tenant
   * @return the signer
   */
  public static AppointmentTagSigner perTenantKeys(Function<TenantId, byte[]> keys) {
    return new AppointmentTagSigner(Checks.notNull(keys, "keys"), "per-tenant keys");
  }

  /**
   * {@return one signer per JVM with a random key made on first use} See the class comment for its
   * limits.
   */
  public static AppointmentTagSigner ephemeral() {
    return Ephemeral.INSTANCE;
  }

  private static final class Ephemeral {
    static final AppointmentTagSigner INSTANCE = create();

    private static AppointmentTagSigner create() {
      byte[] master = new byte[MIN_MASTER_BYTES];
      new SecureRandom().nextBytes(master);
      log.warn(
          "Signing Cita's appointment tags with a key made at startup; give the provider adapters"
              + " and the WebhookHandler an AppointmentTagSigner.fromMasterSecret(...) so tags"
              + " survive restarts and work on every node");
      AppointmentTagSigner derived = fromMasterSecret(master);
      return new AppointmentTagSigner(derived.keys, "ephemeral key");
    }
  }

  /**
   * The signature of the tag naming {@code appointment} of {@code tenant}, written at {@code
   * provider}.
   *
   * @param tenant the tenant
   * @param provider the provider id the tag is written at
   * @param appointment the appointment the tag names
   * @return the signature, {@value #SIGNATURE_LENGTH} characters of base64url
   * @throws IllegalStateException if the key function has no key for the tenant
   */
  public String sign(TenantId tenant, String provider, AppointmentId appointment) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac(tenant, provider, appointment));
  }

  /**
   * True when {@code signature} is the signature of this tag, compared in constant time; a missing
   * or malformed signature never verifies.
   *
   * @param tenant the tenant the webhook is for
   * @param provider the provider the webhook came from
   * @param appointment the appointment id the tag names
   * @param signature the signature read next to the tag, if any
   * @return whether it verifies
   */
  public boolean verifies(
      TenantId tenant, String provider, AppointmentId appointment, Optional<String> signature) {
    Checks.notNull(signature, "signature");
    if (signature.isEmpty() || signature.get().length() != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(signature.get());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(mac(tenant, provider, appointment), given);
  }

  private byte[] mac(TenantId tenant, String provider, AppointmentId appointment) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    Checks.notNull(appointment, "appointment");
    byte[] key = keys.apply(tenant);
    if (key == null || key.length == 0) {
      throw new IllegalStateException("no appointment tag key for tenant " + tenant);
    }
    byte[] full =
        HmacSignatures.hmacSha256(
            key,
            utf8(tenant.value()),
            SEPARATOR,
            utf8(provider),
            SEPARATOR,
            utf8(appointment.value()));
    return Arrays.copyOf(full, SIGNATURE_BYTES);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "AppointmentTagSigner{" + description + "}";
  }
}
