package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.testkit.AuditLogContract;

/**
 * Runs the contract kit against {@link InMemoryAuditLog}, from outside the kit's package as a user
 * would.
 */
class InMemoryAuditLogContractTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}
