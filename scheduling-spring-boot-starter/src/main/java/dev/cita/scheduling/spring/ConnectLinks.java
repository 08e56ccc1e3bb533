package dev.cita.scheduling.spring;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.token.ConnectLink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One-time onboarding links a business owner can receive by WhatsApp or e-mail: {@link #create}
 * makes, for a tenant and a provider, the link {@code
 * {public-base-url}{prefix}/oauth/{provider}/start?link=...}, valid for {@code
 * cita.web.oauth.link-lifetime} (7 days unless set). Opening it shows a page naming the provider
 * and the tenant with a "Continue" button; the button uses the link up (once, atomically, on any
 * node) and sends the browser to the provider's consent page with a fresh, short-lived OAuth state.
 * The page in between keeps link previews (WhatsApp fetches the link when it is pasted) from using
 * the link up. A used link then shows "link already used", an expired one "link expired".
 *
 * <p>The link's token is a 256-bit secret; only its SHA-256 digest is stored ({@link
 * ConnectLinkStore}). Treat the link as a password until it is used: whoever opens it connects an
 * account to the tenant.
 *
 * <pre>{@code
 * ConnectLinks.Link link = connectLinks.create(TenantId.of("sucursal-centro"), "google");
 * whatsapp.send(owner, "Conecta tu Google Calendar: " + link.url());
 * }</pre>
 */
public final class ConnectLinks {
  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConnectLinkStore store;
  private final String base;
  private final Set<String> providers;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * Creates the links of one application.
   *
   * @param store where links are kept, shared by every node
   * @param publicBaseUrl the application's public root URL, such as {@code https://app.example}
   * @param prefix the endpoints' path prefix, such as {@code /cita}
   * @param providers the provider ids links may be made for
   * @param lifetime how long a link stays valid unless told otherwise; positive
   * @param clock the clock links expire by
   */
  public ConnectLinks(
      ConnectLinkStore store,
      String publicBaseUrl,
      String prefix,
      Set<String> providers,
      Duration lifetime,
      Clock clock) {
    this.store = store;
    this.base = publicBaseUrl.replaceAll("/+$", "") + prefix;
    this.providers = Set.copyOf(providers);
    this.lifetime = positive(lifetime);
    this.clock = clock;
  }

  /**
   * A new link, valid for the configured lifetime.
   *
   * @param tenant the tenant the account will be connected to
   * @param provider a configured provider id, such as {@code "google"}
   * @return the link
   * @throws ValidationException naming {@code provider} if it is not configured
   */
  public Link create(TenantId tenant, String provider) {
    return create(tenant, provider, lifetime);
  }

  /**
   * A new link, valid for {@code validFor}.
   *
   * @param tenant the tenant the account will be connected to
   * @param provider a configured provider id, such as {@code "google"}
   * @param validFor how long it stays valid; positive
   * @return the link
   * @throws ValidationException naming {@code provider} if it is not configured, or {@code
   *     validFor} if it is not positive
   */
  public Link create(TenantId tenant, String provider, Duration validFor) {
    if (!providers.contains(provider)) {
      throw new ValidationException(
          "provider", "has no OAuth connector configured: " + provider + "; known: " + providers);
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    Instant expiresAt = clock.instant().plus(positive(validFor));
    store.put(new ConnectLink(digest(token), tenant, provider, expiresAt, null));
    URI url =
        UriComponentsBuilder.fromUriString(base)
            .path("/oauth/{provider}/start")
            .queryParam("link", token)
            .buildAndExpand(provider)
            .encode()
            .toUri();
    return new Link(tenant, provider, url, expiresAt);
  }

  /**
   * What the link with {@code token} is, without using it up.
   *
   * @param provider the provider in the path the link was opened at
   * @param token the link's {@code link} parameter
   * @return its status, and its tenant when known
   */
  public Lookup check(String provider, @Nullable String token) {
    return find(provider, token)
        .map(link -> lookup(link, clock.instant()))
        .orElse(Lookup.UNKNOWN_LINK);
  }

  /**
   * Uses the link up, once: of several concurrent calls, on any node, at most one gets {@link
   * Status#OPEN}.
   *
   * @param provider the provider in the path the link was opened at
   * @param token the link's {@code link} parameter
   * @return {@link Status#OPEN} with the tenant for the one caller that used it; otherwise why not
   */
  public Lookup use(String provider, @Nullable String token) {
    Optional<ConnectLink> found = find(provider, token);
    if (found.isEmpty()) {
      return Lookup.UNKNOWN_LINK;
    }
    ConnectLink link = found.get();
    Instant now = clock.instant();
    if (store.markUsed(link.id(), now)) {
      return new Lookup(Status.OPEN, link.tenant());
    }
    // Someone else used it, or it expired: read it again to say which.
    return lookup(store.find(link.id()).orElse(link), now);
  }

  private Optional<ConnectLink> find(String provider, @Nullable String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return store.find(digest(token)).filter(link -> link.provider().equals(provider));
  }

  private static Lookup lookup(ConnectLink link, Instant now) {
    if (link.used()) {
      return new Lookup(Status.USED, link.tenant());
    }
    if (link.expiredAt(now)) {
      return new Lookup(Status.EXPIRED, link.tenant());
    }
    return new Lookup(Status.OPEN, link.tenant());
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** The SHA-256 of the token, in hex: what the store keeps instead of the token. */
  static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static Duration positive(Duration lifetime) {
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new ValidationException("validFor", "must be positive, was " + lifetime);
    }
    return lifetime;
  }

  @Override
  public String toString() {
    return "ConnectLinks{base="
        + base
        + ", providers="
        + providers
        + ", lifetime="
        + lifetime
        + "}";
  }

  /** What a link is when it is opened. */
  public enum Status {
    /** Unused and not expired: it may be used. */
    OPEN,
    /** Used already. */
    USED,
    /** Past its lifetime. */
    EXPIRED,
    /** No such link for this provider: mistyped, forged, or made for another provider. */
    UNKNOWN
  }

  /**
   * A link's status, and its tenant when the link is known.
   *
   * @param status what the link is
   * @param tenant its tenant; null for an unknown link
   */
  public record Lookup(Status status, @Nullable TenantId tenant) {
    static final Lookup UNKNOWN_LINK = new Lookup(Status.UNKNOWN, null);
  }

  /**
   * A link made by {@link #create}. Its URL holds the secret token: {@link #toString()} hides it.
   *
   * @param tenant the tenant the account will be connected to
   * @param provider the provider id
   * @param url the link to send, absolute
   * @param expiresAt from when the link is refused
   */
  public record Link(TenantId tenant, String provider, URI url, Instant expiresAt) {
    @Override
    public String toString() {
      return "Link{tenant="
          + tenant
          + ", provider="
          + provider
          + ", url=[redacted], expiresAt="
          + expiresAt
          + "}";
    }
  }
}
