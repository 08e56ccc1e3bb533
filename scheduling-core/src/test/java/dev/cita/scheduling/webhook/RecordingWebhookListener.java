package dev.cita.scheduling.webhook;

import dev.cita.scheduling.model.Appointment;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a {@link WebhookHandler} published. */
final class RecordingWebhookListener implements WebhookListener {
  record AppliedCall(ProviderBookingEvent event, Optional<Appointment> before, Appointment after) {}

  final List<AppliedCall> applied = new CopyOnWriteArrayList<>();
  final List<String> ignored = new CopyOnWriteArrayList<>();
  final List<String> triggersIgnored = new CopyOnWriteArrayList<>();

  @Override
  public void applied(ProviderBookingEvent event, Optional<Appointment> before, Appointment after) {
    applied.add(new AppliedCall(event, before, after));
  }

  @Override
  public void ignored(ProviderBookingEvent event, String reason) {
    ignored.add(event.externalId() + ": " + reason);
  }

  @Override
  public void triggerIgnored(String provider, String trigger) {
    triggersIgnored.add(provider + "/" + trigger);
  }
}
