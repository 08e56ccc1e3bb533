package dev.cita.scheduling.google;

import dev.cita.scheduling.ValidationException;
import java.util.List;

/**
 * The tenant did not grant a permission Cita cannot work without (it was unticked on Google's
 * consent screen): {@link #missingScopes()} names it. Nothing was stored; ask the tenant to connect
 * again and keep it ticked. {@link #field()} is {@code "scope"}.
 */
public final class GoogleScopeNotGrantedException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The scopes to grant. */
  private final List<String> missingScopes;

  /**
   * Creates the exception.
   *
   * @param missingScopes the scopes the grant lacks, such as {@link GoogleConfig#SCOPE_EVENTS}
   * @param problem what Cita cannot do without them, for the message
   */
  public GoogleScopeNotGrantedException(List<String> missingScopes, String problem) {
    super("scope", problem);
    this.missingScopes = List.copyOf(missingScopes);
  }

  /** {@return the scopes to grant, such as {@link GoogleConfig#SCOPE_EVENTS}} */
  public List<String> missingScopes() {
    return missingScopes;
  }
}
