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
 * the scopes granted, and the provider account they belong to. Immutable. {@link #toString()}
 * never shows a token; code that needs one calls {@link #accessToken()} or
 * {@link #refreshToken()} by name.
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

  public static Builder builder(String provider, String accountId, String accessToken) {
    return new Builder().provider(provider).accountId(accountId).accessToken(accessToken);
  }

  public Builder toBuilder() {
    return new Builder().provider(provider).accountId(accountId).accountEmail(accountEmail)
        .accessToken(accessToken).refreshToken(refreshToken).expiresAt(expiresAt).scopes(scopes);
  }

  public String provider() {
    return provider;
  }

  /** The provider's id of the connected account (a user URI, an e-mail, a numeric id). */
  public String accountId() {
    return accountId;
  }

  public Optional<String> accountEmail() {
    return Optional.ofNullable(accountEmail);
  }

  /** The secret access token. Never log it. */
  public String accessToken() {
    return accessToken;
  }

  /** The secret refresh token, for providers that issue one. Never log it. */
  public Optional<String> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** When the access token stops working; absent for tokens that do not expire (API keys). */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Set<String> scopes() {
    return scopes;
  }

  /** True when the access token has expired or will within {@code margin} of the clock's now. */
  public boolean expiresWithin(Duration margin, Clock clock) {
    return expiresAt != null && !clock.instant().plus(margin).isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OAuthCredential)) {
      return false;
    }
    OAuthCredential c = (OAuthCredential) o;
    return provider.equals(c.provider) && accountId.equals(c.accountId)
        && Objects.equals(accountEmail, c.accountEmail) && accessToken.equals(c.accessToken)
        && Objects.equals(refreshToken, c.refreshToken) && Objects.equals(expiresAt, c.expiresAt)
        && scopes.equals(c.scopes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, accountId, accessToken);
  }

  @Override
  public String toString() {
    return "OAuthCredential{provider=" + provider + ", account=" + accountId
        + ", accessToken=[redacted], refreshToken=" + (refreshToken == null ? "none" : "[redacted]")
        + ", expiresAt=" + expiresAt + ", scopes=" + new TreeSet<>(scopes) + "}";
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

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    public Builder accountEmail(@Nullable String accountEmail) {
      this.accountEmail = accountEmail;
      return this;
    }

    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    public Builder refreshToken(@Nullable String refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = scopes;
      return this;
    }

    public OAuthCredential build() {
      return new OAuthCredential(this);
    }
  }
}
