package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of one OAuth connection: access token, refresh token, when the access token expires,
 * the scopes granted, and the provider account they belong to. Immutable. {@link #toString()} never
 * shows a token; code that needs one calls {@link #accessToken()} or {@link #refreshToken()} by
 * name.
 */
public final class OAuthCredential {
  private final String provider;
  private final String accountId;
  private final @Nullable String accountEmail;
  private final String accessToken;
  private final @Nullable String refreshToken;
  private final @Nullable Instant expiresAt;
  private final Set<String> scopes;

  private OAuthCredential(Builder b) {
    this.provider = Checks.notBlank(b.provider, "credential.provider");
    this.accountId = Checks.notBlank(b.accountId, "credential.accountId");
    this.accountEmail = b.accountEmail;
    this.accessToken = Checks.notBlank(b.accessToken, "credential.accessToken");
    this.refreshToken = b.refreshToken;
    if (refreshToken != null) {
      Checks.notBlank(refreshToken, "credential.refreshToken");
    }
    this.expiresAt = b.expiresAt;
    this.scopes = Set.copyOf(new TreeSet<>(Checks.notNull(b.scopes, "credential.scopes")));
  }

  /**
   * Starts a credential with its required fields.
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @param accountId the provider's id of the connected account
   * @param accessToken the access token
   * @return a builder without refresh token, expiry or scopes
   */
  public static Builder builder(String provider, String accountId, String accessToken) {
    return new Builder().provider(provider).accountId(accountId).accessToken(accessToken);
  }

  /**
   * {@return a builder holding every field of this credential} Refreshers use it to make the new
   * one.
   */
  public Builder toBuilder() {
    return new Builder()
        .provider(provider)
        .accountId(accountId)
        .accountEmail(accountEmail)
        .accessToken(accessToken)
        .refreshToken(refreshToken)
        .expiresAt(expiresAt)
        .scopes(scopes);
  }

  /** {@return the id of the provider that issued the tokens, e.g. {@code "google"}} */
  public String provider() {
    return provider;
  }

  /** {@return the provider's id of the connected account (a user URI, an e-mail, a numeric id)} */
  public String accountId() {
    return accountId;
  }

  /** {@return the connected account's e-mail address, when the provider gave one} */
  public Optional<String> accountEmail() {
    return Optional.ofNullable(accountEmail);
  }

  /** {@return the secret access token} Never log it. */
  public String accessToken() {
    return accessToken;
  }

  /** {@return the secret refresh token, for providers that issue one} Never log it. */
  public Optional<String> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /**
   * {@return when the access token stops working; absent for tokens that do not expire (API keys)}
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** {@return the scopes granted, as the provider names them; empty if unknown} */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * True when the access token has expired or will within {@code margin} of the clock's now.
   *
   * @param margin how long before the expiry it counts as expiring
   * @param clock the clock "now" is read from
   * @return false for a token without an expiry
   */
  public boolean expiresWithin(Duration margin, Clock clock) {
    return expiresAt != null && !clock.instant().plus(margin).isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OAuthCredential)) {
      return false;
    }
    OAuthCredential c = (OAuthCredential) o;
    return provider.equals(c.provider)
        && accountId.equals(c.accountId)
        && Objects.equals(accountEmail, c.accountEmail)
        && accessToken.equals(c.accessToken)
        && Objects.equals(refreshToken, c.refreshToken)
        && Objects.equals(expiresAt, c.expiresAt)
        && scopes.equals(c.scopes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, accountId, accessToken);
  }

  @Override
  public String toString() {
    return "OAuthCredential{provider="
        + provider
        + ", account="
        + accountId
        + ", accessToken=[redacted], refreshToken="
        + (refreshToken == null ? "none" : "[redacted]")
        + ", expiresAt="
        + expiresAt
        + ", scopes="
        + new TreeSet<>(scopes)
        + "}";
  }

  /** Collects an {@link OAuthCredential}; {@link #build()} validates it. */
  public static final class Builder {
    private @Nullable String provider;
    private @Nullable String accountId;
    private @Nullable String accountEmail;
    private @Nullable String accessToken;
    private @Nullable String refreshToken;
    private @Nullable Instant expiresAt;
    private Set<String> scopes = Set.of();

    private Builder() {}

    /**
     * Sets the provider id (required).
     *
     * @param provider not blank
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /**
     * Sets the provider's id of the connected account (required).
     *
     * @param accountId not blank
     * @return this builder
     */
    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /**
     * Sets the connected account's e-mail address.
     *
     * @param accountEmail the address; {@code null} for none
     * @return this builder
     */
    public Builder accountEmail(@Nullable String accountEmail) {
      this.accountEmail = accountEmail;
      return this;
    }

    /**
     * Sets the access token (required).
     *
     * @param accessToken not blank
     * @return this builder
     */
    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    /**
     * Sets the refresh token, for providers that issue one.
     *
     * @param refreshToken not blank; {@code null} for none
     * @return this builder
     */
    public Builder refreshToken(@Nullable String refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    /**
     * Sets when the access token stops working.
     *
     * @param expiresAt the instant; {@code null} for a token that does not expire
     * @return this builder
     */
    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * Sets the scopes granted; none by default.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder scopes(Set<String> scopes) {
      this.scopes = scopes;
      return this;
    }

    /**
     * Validates the fields and builds the credential.
     *
     * @return the credential
     * @throws dev.cita.scheduling.ValidationException naming the first missing or blank field
     */
    public OAuthCredential build() {
      return new OAuthCredential(this);
    }
  }
}
