package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The durable notification queue: which appointment changes are notices, and the {@link
 * OutboxEntry} of the reserved provider {@value #PROVIDER} that a change writes in the same atomic
 * store write as the appointment, for a {@code NotificationWorker} to send later exactly once.
 *
 * <p>{@code BookingService.Builder.queueNotifications()} and {@code
 * WebhookHandler.Builder.queueNotifications()} turn it on; it is off by default, so an application
 * without a worker does not pile up rows. The entry carries what the worker cannot read from the
 * appointment later: the {@link MessageKind}, the provider the change came from (for {@link
 * NotificationPreferences#staffChannelsNotifiedBy(String)}) and a reschedule's previous start.
 *
 * <p>The notices, in this order of precedence: an appointment cancelled → {@link
 * MessageKind#CANCELLATION}; marked a no-show → {@link MessageKind#NO_SHOW}; booked holding time
 * (not waiting for approval), or a {@code REQUESTED} one approved → {@link
 * MessageKind#CONFIRMATION}; moved → {@link MessageKind#RESCHEDULE}. Every other change (a confirm,
 * a completion, an edit of the notes, an event that changes nothing) is no notice.
 */
public final class NotificationQueue {
  /** The provider id of notification entries; no calendar provider may use it. */
  public static final String PROVIDER = "notify";

  private NotificationQueue() {}

  /**
   * The notice a change calls for.
   *
   * @param before the appointment before the change, or null for a new one
   * @param after the appointment after the change
   * @return the notice; empty if the change is none
   */
  public static Optional<MessageKind> kindOf(@Nullable Appointment before, Appointment after) {
    Checks.notNull(after, "after");
    AppointmentStatus now = after.status();
    if (before == null) {
      return AppointmentLifecycle.holdsTime(now) && now != AppointmentStatus.REQUESTED
          ? Optional.of(MessageKind.CONFIRMATION)
          : Optional.empty();
    }
    AppointmentStatus was = before.status();
    if (now == AppointmentStatus.CANCELLED && was != AppointmentStatus.CANCELLED) {
      return Optional.of(MessageKind.CANCELLATION);
    }
    if (now == AppointmentStatus.NO_SHOW && was != AppointmentStatus.NO_SHOW) {
      return Optional.of(MessageKind.NO_SHOW);
    }
    if (!AppointmentLifecycle.holdsTime(now)) {
      return Optional.empty();
    }
    if (was == AppointmentStatus.REQUESTED && now != AppointmentStatus.REQUESTED) {
      return Optional.of(MessageKind.CONFIRMATION);
    }
    if (!after.start().equals(before.start()) || !after.end().equals(before.end())) {
      return Optional.of(MessageKind.RESCHEDULE);
    }
    return Optional.empty();
  }

  /**
   * The queue entry a change writes with the appointment, if the change is a notice.
   *
   * @param before the appointment as read before the change, or null for an insert
   * @param changed the appointment as handed to the store: for an update it still carries the
   *     version it was read with, so the entry's sequence is that version + 1; for an insert, 0
   * @param originProvider the provider whose webhook reported the change, or null if it was made in
   *     Cita
   * @param now when the change is made; the entry is due from then
   * @return the entry; empty if the change is no notice
   * @throws dev.cita.scheduling.ValidationException if {@code originProvider} is blank or holds a
   *     {@code ';'}
   */
  public static Optional<OutboxEntry> entryFor(
      @Nullable Appointment before,
      Appointment changed,
      @Nullable String originProvider,
      Instant now) {
    Checks.notNull(now, "now");
    return kindOf(before, changed)
        .map(
            kind -> {
              Instant previous =
                  kind == MessageKind.RESCHEDULE && before != null ? before.start() : null;
              String detail = new QueuedNotice(kind, originProvider, previous).encode();
              long sequence = before == null ? changed.version() : changed.version() + 1;
              return OutboxEntry.pending(
                      changed.tenant(), changed.id(), PROVIDER, actionOf(kind), sequence, now)
                  .toBuilder()
                  .detail(detail)
                  .build();
            });
  }

  private static SyncAction actionOf(MessageKind kind) {
    return switch (kind) {
      case RESCHEDULE -> SyncAction.UPDATE;
      case CANCELLATION -> SyncAction.CANCEL;
      case NO_SHOW -> SyncAction.NO_SHOW;
      default -> SyncAction.CREATE;
    };
  }
}
