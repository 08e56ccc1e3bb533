package dev.cita.scheduling.webhook;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one {@link ProviderBookingEvent} to the local appointment it is about: upsert by external
 * reference, older events never overwrite newer state, status moves only as the lifecycle allows.
 * Idempotent: applying the same event again writes nothing.
 */
final class EventApplier {
  private static final Logger log = LoggerFactory.getLogger(EventApplier.class);
  static final int MAX_ATTEMPTS = 5;

  /**
   * What applying one event did. {@code after} is null and {@code reason} set when nothing changed
   * visibly.
   */
  record Applied(
      ProviderBookingEvent event,
      Optional<Appointment> before,
      @Nullable Appointment after,
      @Nullable String reason) {
    static Applied ignored(ProviderBookingEvent event, String reason) {
      return new Applied(event, Optional.empty(), null, reason);
    }
  }

  private final AppointmentStore store;
  private final WebhookInbox inbox;
  private final @Nullable OutboxStore outbox;
  private final AppointmentTagSigner tags;
  private final Clock clock;
  private final boolean queueNotifications;

  /**
   * @param queueNotifications whether changes write their {@link NotificationQueue} entry
   */
  EventApplier(
      AppointmentStore store,
      WebhookInbox inbox,
      @Nullable OutboxStore outbox,
      AppointmentTagSigner tags,
      Clock clock,
      boolean queueNotifications) {
    this.store = store;
    this.inbox = inbox;
    this.outbox = outbox;
    this.tags = tags;
    this.clock = clock;
    this.queueNotifications = queueNotifications;
  }

  /**
   * The inbox key that remembers a cancel for a booking we never knew and could not record as an
   * appointment (the event lacked what a record needs), so that its create, arriving later, does
   * not bring the booking to life.
   */
  private static WebhookInbox.Delivery tombstone(ProviderBookingEvent e) {
    return WebhookInbox.Delivery.of(e.tenant(), e.provider(), "cancelled:" + e.externalId());
  }

  Applied apply(ProviderBookingEvent event) {
    for (int attempt = 1; ; attempt++) {
      try {
        return applyOnce(event);
      } catch (ConcurrentUpdateException | DuplicateAppointmentException e) {
        // Someone wrote the appointment between our read and write: read again and re-decide.
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        log.debug("Concurrent write while applying {} (attempt {}), retrying", event, attempt);
      }
    }
  }

  private Applied applyOnce(ProviderBookingEvent e) {
    Optional<Appointment> found = store.findByExternalRef(e.tenant(), e.provider(), e.externalId());
    if (found.isEmpty() && e.previousExternalId().isPresent()) {
      found = store.findByExternalRef(e.tenant(), e.provider(), e.previousExternalId().get());
    }
    if (found.isEmpty() && e.appointmentId().isPresent() && !tagIsAuthentic(e)) {
      // Anyone can write the tag on a public booking page; only Cita can sign it.
      log.info(
          "Not trusting the appointment tag of {}: its signature is missing or does not verify", e);
    } else if (found.isEmpty() && e.appointmentId().isPresent()) {
      // A booking Cita made (it carries Cita's tag) under a provider id the appointment does not
      // hold yet: the echo of our own write before the sync worker recorded the id, or the new
      // booking of a move the provider does as cancel + book. Applying it records the id. The
      // cancel of a booking it replaced is about an identity the appointment no longer has.
      Optional<Appointment> tagged = store.find(e.tenant(), e.appointmentId().get());
      if (tagged.isPresent()
          && outbox != null
          && outbox.unfinished(e.tenant(), tagged.get().id(), e.provider()).isEmpty()) {
        // Every write of ours that could produce a booking under a new id is an outbox entry that
        // stays unfinished until its id is recorded. With none, the tag was not written by a push
        // of ours (a public booking page lets anyone set it): do not let it steer the booking.
        log.info(
            "Not trusting the appointment tag of {}: no push to {} is in flight for it",
            e,
            e.provider());
        tagged = Optional.empty();
      }
      Optional<String> held = tagged.flatMap(a -> a.externalRef(e.provider()));
      if (held.isPresent() && !AppointmentLifecycle.holdsTime(e.status())) {
        String reason = "booking " + e.externalId() + " was replaced by " + held.get();
        log.info("Ignoring {}: {}", e, reason);
        return Applied.ignored(e, reason);
      }
      found = tagged;
    }
    return found.isPresent() ? update(found.get(), e) : create(e);
  }

  private Applied create(ProviderBookingEvent e) {
    List<String> missing = new ArrayList<>();
    if (e.start().isEmpty()) {
      missing.add("start/end");
    }
    if (e.resource().isEmpty()) {
      missing.add("resource");
    }
    if (e.type().isEmpty()) {
      missing.add("type");
    }
    if (e.attendee().isEmpty()) {
      missing.add("attendee");
    }
    if (e.status() != AppointmentStatus.CANCELLED && inbox.seen(tombstone(e))) {
      String reason = "booking " + e.externalId() + " was cancelled before it was created";
      log.info("Ignoring {}: {}", e, reason);
      return Applied.ignored(e, reason);
    }
    if (!missing.isEmpty()) {
      if (e.status() == AppointmentStatus.CANCELLED) {
        inbox.record(tombstone(e), e.occurredAt());
        String reason = "cancel for unknown booking " + e.externalId() + " recorded";
        log.info("{}: {}", reason, e);
        return Applied.ignored(e, reason);
      }
      String reason =
          "unknown booking, and the event lacks " + String.join(", ", missing) + " to create it";
      log.warn("Ignoring {}: {}", e, reason);
      return Applied.ignored(e, reason);
    }
    Instant now = clock.instant();
    Appointment created =
        Appointment.builder()
            .id(idFor(e))
            .tenant(e.tenant())
            .resource(e.resource().get())
            .type(e.type().get())
            .attendee(e.attendee().get())
            .start(e.start().get())
            .end(e.end().get())
            .displayZone(e.displayZone().orElse(ZoneOffset.UTC))
            .status(e.status())
            .externalRef(e.provider(), e.externalId())
            .createdAt(now)
            .updatedAt(now)
            .providerEventAt(e.occurredAt())
            .build();
    try {
      Appointment stored =
          store.insert(created, ConflictCheck.none(), notice(null, created, e, now));
      warnIfOverlapping(stored);
      return new Applied(e, Optional.empty(), stored, null);
    } catch (DuplicateAppointmentException dup) {
      Optional<Appointment> sameId = store.find(e.tenant(), created.id());
      if (sameId.isPresent()
          && !sameId.get().externalRef(e.provider()).orElse("").equals(e.externalId())) {
        // The id was derived from this external id, but that booking has since been re-keyed by a
        // reschedule: the event is about the booking's old identity, which no longer exists.
        String reason =
            "booking "
                + e.externalId()
                + " was rescheduled to "
                + sameId.get().externalRef(e.provider()).orElse("?");
        log.info("Ignoring {}: {}", e, reason);
        return Applied.ignored(e, reason);
      }
      throw dup; // another delivery created it meanwhile: read it again and apply on top
    }
  }

  private Applied update(Appointment current, ProviderBookingEvent e) {
    Optional<Instant> last = current.providerEventAt();
    if (last.isPresent() && last.get().isAfter(e.occurredAt())) {
      String reason = "older than the last applied event (" + last.get() + ")";
      log.info("Ignoring {}: {}", e, reason);
      return Applied.ignored(e, reason);
    }
    Optional<Instant> unpushed = newestUnpushedChange(current, e.provider());
    if (unpushed.isPresent() && unpushed.get().isAfter(e.occurredAt())) {
      // Cita changed the appointment after the provider's event happened, and that change is still
      // on its way to the provider: the event (often the echo of an older write of ours) must not
      // undo it. Once pushed, the provider's state follows Cita's.
      String reason =
          "a newer local change (" + unpushed.get() + ") is still being pushed to " + e.provider();
      if (e.status() == AppointmentStatus.CANCELLED
          && current.status() != AppointmentStatus.CANCELLED) {
        // Rarely a real cancel whose time the provider's clock put before ours: make it visible.
        log.warn(
            "Ignoring {}: {}; if it was cancelled at {} after that, cancel it in Cita",
            e,
            reason,
            e.provider());
      } else {
        log.info("Ignoring {}: {}", e, reason);
      }
      return Applied.ignored(e, reason);
    }
    AppointmentStatus target = resolveStatus(current.status(), e.status());
    if (target == null) {
      String reason = "status " + current.status() + " cannot become " + e.status();
      log.warn("Ignoring {} for appointment {}: {}", e, current.id(), reason);
      return Applied.ignored(e, reason);
    }
    boolean moves =
        e.start().isPresent()
            && AppointmentLifecycle.holdsTime(target)
            && (!e.start().get().equals(current.start()) || !e.end().get().equals(current.end()));
    if (moves && target == AppointmentStatus.SCHEDULED) {
      target = AppointmentStatus.RESCHEDULED;
    }
    Appointment.Builder b = current.toBuilder().status(target);
    if (!current.holdsEvent(e.provider(), e.externalId())
        && !current.memberRefs().containsKey(e.provider())) {
      // A new id for the booking (a provider that moves by cancel + book, the echo of a create not
      // recorded yet). Not for a provider holding one event per member: there the id is one
      // member's event, and the sync worker records it for that member.
      b.externalRef(e.provider(), e.externalId());
    }
    if (moves) {
      b.start(e.start().get()).end(e.end().get());
    }
    e.attendee().ifPresent(b::attendee);
    Appointment candidate = b.build();
    boolean visible = !candidate.equals(current);
    if (!visible && last.isPresent() && !e.occurredAt().isAfter(last.get())) {
      return Applied.ignored(e, "already applied");
    }
    // Even an event that changes nothing visible advances providerEventAt, so that an older event
    // arriving later cannot undo the state this one confirmed.
    Instant now = clock.instant();
    Appointment changed =
        candidate.toBuilder().updatedAt(now).providerEventAt(e.occurredAt()).build();
    List<OutboxEntry> entries = new ArrayList<>(notice(current, changed, e, now));
    if (visible) {
      entries.addAll(membersFollow(current, changed, moves, now));
    }
    Appointment stored = store.update(changed, ConflictCheck.none(), entries);
    if (moves) {
      warnIfOverlapping(stored);
    }
    return visible
        ? new Applied(e, Optional.of(current), stored, null)
        : Applied.ignored(e, "no change");
  }

  /**
   * The pushes that bring every member's event of a collective appointment in line with a change
   * one member's copy brought (moved, deleted or cancelled at the provider): one entry for each
   * provider holding any of its events, the event's own provider included (its other members'
   * copies follow; the changed copy gets what it already shows). None for an ordinary appointment,
   * or without an outbox.
   */
  private List<OutboxEntry> membersFollow(
      Appointment before, Appointment changed, boolean moves, Instant now) {
    if (outbox == null || changed.participants().isEmpty()) {
      return List.of();
    }
    SyncAction action;
    if (changed.status() != before.status() && changed.status() == AppointmentStatus.CANCELLED) {
      action = SyncAction.CANCEL;
    } else if (changed.status() != before.status()
        && changed.status() == AppointmentStatus.NO_SHOW) {
      action = SyncAction.NO_SHOW;
    } else if (moves) {
      action = SyncAction.UPDATE;
    } else {
      return List.of();
    }
    Set<String> holders = new TreeSet<>(changed.externalRefs().keySet());
    holders.addAll(changed.memberRefs().keySet());
    holders.remove(NotificationQueue.PROVIDER);
    List<OutboxEntry> entries = new ArrayList<>();
    for (String provider : holders) {
      entries.add(
          OutboxEntry.pending(
              changed.tenant(), changed.id(), provider, action, changed.version() + 1, now));
    }
    return entries;
  }

  /** The change's notification entry, when notifications are queued and it is a notice. */
  private List<OutboxEntry> notice(
      @Nullable Appointment before, Appointment changed, ProviderBookingEvent e, Instant now) {
    if (!queueNotifications) {
      return List.of();
    }
    return NotificationQueue.entryFor(before, changed, e.provider(), now).stream().toList();
  }

  private boolean tagIsAuthentic(ProviderBookingEvent e) {
    return tags.verifies(e.tenant(), e.provider(), e.appointmentId().get(), e.tagSignature());
  }

  /**
   * When the newest change of this appointment that {@code provider} was not told about yet was
   * made.
   */
  private Optional<Instant> newestUnpushedChange(Appointment a, String provider) {
    if (outbox == null) {
      return Optional.empty();
    }
    return outbox.unfinished(a.tenant(), a.id(), provider).stream()
        .map(OutboxEntry::createdAt)
        .max(Instant::compareTo);
  }

  /**
   * The status the appointment gets, if the lifecycle allows one: the event's status if the table
   * allows the move (or it is a no-show being reverted); a plain "booked" (SCHEDULED) keeps a more
   * specific active status such as CONFIRMED or RESCHEDULED.
   */
  private static @Nullable AppointmentStatus resolveStatus(
      AppointmentStatus from, AppointmentStatus to) {
    if (from == to || AppointmentLifecycle.canMove(from, to)) {
      return to;
    }
    if (from == AppointmentStatus.NO_SHOW
        && AppointmentLifecycle.canMove(to, AppointmentStatus.NO_SHOW)) {
      AppointmentLifecycle.revertNoShow(from, to);
      return to;
    }
    if (AppointmentLifecycle.holdsTime(from) && to == AppointmentStatus.SCHEDULED) {
      return from;
    }
    return null;
  }

  private void warnIfOverlapping(Appointment a) {
    if (!AppointmentLifecycle.holdsTime(a.status())) {
      return;
    }
    long others =
        store.findTimeHolding(a.tenant(), a.resource(), a.start(), a.end()).stream()
            .filter(o -> !o.id().equals(a.id()))
            .count();
    if (others > 0) {
      log.warn(
          "Appointment {} from a provider webhook overlaps {} other appointment(s) of resource {}; "
              + "recorded anyway, since the provider already accepted the booking",
          a.id(),
          others,
          a.resource());
    }
  }

  /**
   * A name-based id, so two deliveries that race to create the same unknown booking collide on the
   * store's id check instead of creating two appointments.
   */
  private static AppointmentId idFor(ProviderBookingEvent e) {
    String name =
        "webhook\u0000" + e.tenant().value() + "\u0000" + e.provider() + "\u0000" + e.externalId();
    return AppointmentId.of(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }
}
