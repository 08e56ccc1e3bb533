package dev.cita.scheduling.observe;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import java.util.List;

/** An API log that also tells an observer of each entry it records. */
final class ObservedAuditLog implements AuditLog {
  private final AuditLog delegate;
  private final Observer observer;

  ObservedAuditLog(AuditLog delegate, Observer observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  @Override
  public void record(AuditEntry entry) {
    try {
      delegate.record(entry);
    } finally {
      observer.audited(entry); // guarded: never throws
    }
  }

  @Override
  public List<AuditEntry> recent(TenantId tenant, int limit) {
    return delegate.recent(tenant, limit);
  }
}
