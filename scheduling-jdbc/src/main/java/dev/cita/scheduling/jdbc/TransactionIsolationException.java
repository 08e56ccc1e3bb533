package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;

/**
 * A store write that relies on READ COMMITTED (the appointment store's writes, and the conditional
 * updates of leases, connect links and busy time) was asked to join an application transaction at
 * another level. Its conflict check must see what the previous holder of the resource lock
 * committed, which a REPEATABLE READ or SERIALIZABLE snapshot taken earlier in the transaction
 * would not; nothing was written. Book in a READ COMMITTED transaction, or outside the
 * application's one.
 */
public class TransactionIsolationException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which isolation the transaction had and which the write needs
   */
  public TransactionIsolationException(String message) {
    super(message);
  }
}
