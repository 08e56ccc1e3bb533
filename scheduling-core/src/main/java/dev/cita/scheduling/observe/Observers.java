package dev.cita.scheduling.observe;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells several observers, each in turn; one that throws is logged and skipped. */
final class Observers implements Observer {
  private static final Logger log = LoggerFactory.getLogger(Observers.class);

  private final List<Observer> observers;

  Observers(List<Observer> observers) {
    this.observers = observers;
  }

  private void each(String event, Consumer<Observer> call) {
    for (Observer o : observers) {
      try {
        call.accept(o);
      } catch (RuntimeException e) {
        log.warn("observer {} failed on {}", o.getClass().getName(), event, e);
      }
    }
  }

  @Override
  public void slotQuery(TenantId tenant, QueryMode mode, Duration elapsed) {
    each("slotQuery", o -> o.slotQuery(tenant, mode, elapsed));
  }

  @Override
  public void booking(
      TenantId tenant, BookingOutcome outcome, Optional<SlotUnavailableException.Reason> refusal) {
    each("booking", o -> o.booking(tenant, outcome, refusal));
  }

  @Override
  public void transition(TenantId tenant, Optional<AppointmentStatus> from, AppointmentStatus to) {
    each("transition", o -> o.transition(tenant, from, to));
  }

  @Override
  public void webhook(String provider, WebhookResult.Outcome outcome) {
    each("webhook", o -> o.webhook(provider, outcome));
  }

  @Override
  public void audited(AuditEntry entry) {
    each("audited", o -> o.audited(entry));
  }

  @Override
  public void outboxPush(TenantId tenant, String provider, SyncAction action, PushOutcome outcome) {
    each("outboxPush", o -> o.outboxPush(tenant, provider, action, outcome));
  }

  @Override
  public void notificationSend(
      TenantId tenant, String channel, MessageKind kind, SendOutcome outcome) {
    each("notificationSend", o -> o.notificationSend(tenant, channel, kind, outcome));
  }

  @Override
  public void reminderRun(int sent) {
    each("reminderRun", o -> o.reminderRun(sent));
  }

  @Override
  public void tokenRefresh(TenantId tenant, String provider, RefreshOutcome outcome) {
    each("tokenRefresh", o -> o.tokenRefresh(tenant, provider, outcome));
  }

  @Override
  public void assistantTurn(TenantId tenant, String intent, String outcome) {
    each("assistantTurn", o -> o.assistantTurn(tenant, intent, outcome));
  }
}
