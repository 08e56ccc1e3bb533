package dev.cita.scheduling.tokens;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.List;

/**
 * What {@link EncryptedTokenStore#reencryptAll()} did: how many rows it re-sealed under the primary
 * key, and which connections it could not open (their rows were left as they were).
 *
 * @param resealed how many rows were re-sealed under the primary key
 * @param failed the connections whose rows did not open or kept changing, left for the next run
 */
public record ReencryptionResult(int resealed, List<ConnectionKey> failed) {
  /**
   * Checks {@code resealed} is not negative and copies {@code failed}.
   *
   * @param resealed how many rows were re-sealed under the primary key
   * @param failed the connections whose rows were left as they were
   */
  public ReencryptionResult {
    Checks.atLeast(resealed, 0, "reencryptionResult.resealed");
    failed = List.copyOf(Checks.notNull(failed, "reencryptionResult.failed"));
  }

  /**
   * True when every row was re-sealed.
   *
   * @return whether no connection failed
   */
  public boolean complete() {
    return failed.isEmpty();
  }
}
