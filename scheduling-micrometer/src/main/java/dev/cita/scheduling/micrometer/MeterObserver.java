package dev.cita.scheduling.micrometer;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.webhook.WebhookResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;

/** Turns what Cita's observer hooks hear into Micrometer counters and timers. */
final class MeterObserver implements Observer {
  private final MeterRegistry registry;
  private final boolean tenantTags;
  private final BacklogGauges gauges;

  MeterObserver(MeterRegistry registry, boolean tenantTags, BacklogGauges gauges) {
    this.registry = registry;
    this.tenantTags = tenantTags;
    this.gauges = gauges;
  }

  /** The tenant tag, only when the application opted in (it multiplies the series). */
  private Tags tenant(TenantId tenant) {
    return tenantTags ? Tags.of("tenant", tenant.value()) : Tags.empty();
  }

  private void count(String name, Tags tags) {
    Counter.builder(name).tags(tags).register(registry).increment();
  }

  @Override
  public void slotQuery(TenantId tenant, QueryMode mode, Duration elapsed) {
    Timer.builder(CitaMetrics.SLOT_QUERIES)
        .description("Slot queries (BookingService.findSlots), by team mode")
        .tags(tenant(tenant).and("mode", Labels.of(mode)))
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(registry)
        .record(elapsed);
  }

  @Override
  public void booking(
      TenantId tenant, BookingOutcome outcome, Optional<SlotUnavailableException.Reason> refusal) {
    count(
        CitaMetrics.BOOKINGS,
        tenant(tenant)
            .and("outcome", Labels.of(outcome))
            .and("reason", refusal.map(Labels::of).orElse("none")));
  }

  @Override
  public void transition(TenantId tenant, Optional<AppointmentStatus> from, AppointmentStatus to) {
    count(
        CitaMetrics.TRANSITIONS,
        tenant(tenant).and("from", from.map(Labels::of).orElse("none")).and("to", Labels.of(to)));
  }

  @Override
  public void webhook(String provider, WebhookResult.Outcome outcome) {
    String label =
        outcome == WebhookResult.Outcome.UNAUTHORIZED ? "bad-signature" : Labels.of(outcome);
    count(CitaMetrics.WEBHOOKS, Tags.of("provider", provider, "outcome", label));
  }

  @Override
  public void audited(AuditEntry entry) {
    if (entry.direction() != AuditEntry.Direction.OUTBOUND) {
      return; // webhooks are counted by webhook(): with the bad-signature outcome told apart
    }
    Tags tags =
        Tags.of(
            "provider", entry.provider(),
            "operation", entry.operation(),
            "outcome", Labels.of(entry.outcome()));
    if (tenantTags) {
      tags = tags.and("tenant", entry.tenant().map(TenantId::value).orElse("none"));
    }
    Timer.builder(CitaMetrics.PROVIDER_CALLS)
        .description("Calls to providers' APIs as the API log records them")
        .tags(tags)
        .register(registry)
        .record(entry.latency());
  }

  @Override
  public void outboxPush(TenantId tenant, String provider, SyncAction action, PushOutcome outcome) {
    gauges.watch(provider);
    count(
        CitaMetrics.OUTBOX_PUSHES,
        tenant(tenant)
            .and("provider", provider)
            .and("action", Labels.of(action))
            .and("outcome", Labels.of(outcome)));
  }

  @Override
  public void notificationSend(
      TenantId tenant, String channel, MessageKind kind, SendOutcome outcome) {
    count(
        CitaMetrics.NOTIFICATIONS,
        tenant(tenant)
            .and("channel", channel)
            .and("kind", Labels.of(kind))
            .and("outcome", Labels.of(outcome)));
  }

  @Override
  public void reminderRun(int sent) {
    count(CitaMetrics.REMINDER_RUNS, Tags.empty());
  }

  @Override
  public void tokenRefresh(TenantId tenant, String provider, RefreshOutcome outcome) {
    count(
        CitaMetrics.TOKEN_REFRESHES,
        tenant(tenant).and("provider", provider).and("outcome", Labels.of(outcome)));
  }

  @Override
  public void assistantTurn(TenantId tenant, String intent, String outcome) {
    count(
        CitaMetrics.ASSISTANT_TURNS, tenant(tenant).and("intent", intent).and("outcome", outcome));
  }
}
