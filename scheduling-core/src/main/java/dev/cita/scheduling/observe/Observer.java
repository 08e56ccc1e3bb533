package dev.cita.scheduling.observe;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Hears what Cita did, for metrics and health checks: slot queries, booking attempts, status
 * transitions, webhook deliveries, outbox pushes, notification sends, reminder runs, token
 * refreshes, assistant turns and (through {@link #auditLog(AuditLog)}) every API log entry. Hand
 * one to the builders ({@code BookingService}, {@code WebhookHandler}, {@code SyncWorker}, {@code
 * ReminderScheduler}, {@code BookingNotifier}, {@code CredentialManager}, {@code
 * BookingAssistant}).
 *
 * <p>Every method has a no-op default, so new events never break an implementation; {@link #NONE}
 * hears nothing. Labels are bounded by construction (enums, provider and channel ids, intent
 * names); the tenant is passed where it is known so an implementation may opt in to tenant labels,
 * but no appointment, customer or message id is ever passed. Calls come on the thread doing the
 * work and must be cheap; one that throws is logged and changes nothing (see {@link #all}).
 */
public interface Observer {
  /** Hears nothing. */
  Observer NONE = new Observer() {};

  /** Which kind of slot query ran. */
  enum QueryMode {
    /** One resource. */
    SINGLE,
    /** A team, any member free (round robin). */
    ANY_OF,
    /** A team, every member free (collective). */
    ALL_OF
  }

  /** How a {@code BookingService.book} call ended. */
  enum BookingOutcome {
    /** A new appointment was stored. */
    BOOKED,
    /** The idempotency key named an appointment already: it was returned, nothing was written. */
    IDEMPOTENT_REPLAY,
    /** The time cannot be booked; the refusal's reason comes with it. */
    SLOT_UNAVAILABLE,
    /** The request was malformed ({@code ValidationException}). */
    VALIDATION,
    /** The appointment type or schedule does not exist ({@code NotFoundException}). */
    NOT_FOUND,
    /** The idempotency key carries another request ({@code IdempotencyKeyReusedException}). */
    KEY_REUSED,
    /** The store lost its connection mid-write ({@code OutcomeUnknownException}). */
    OUTCOME_UNKNOWN,
    /** Any other failure (a store outage, a lost race). */
    FAILED
  }

  /** How one outbox push attempt ended. */
  enum PushOutcome {
    /** The provider has the change (or nothing needed sending). */
    PUSHED,
    /** The attempt failed and the entry waits for a later retry. */
    RETRY,
    /** The entry is parked as a dead letter for an operator. */
    DEAD_LETTER
  }

  /** How one notification or reminder send ended. */
  enum SendOutcome {
    /** The channel accepted the message. */
    SENT,
    /** The channel answered that it will not send it (for example no WhatsApp window). */
    REFUSED,
    /** The send threw (network failure, provider error). */
    FAILED
  }

  /** How a token refresh ended. */
  enum RefreshOutcome {
    /** A new access token was obtained and saved. */
    REFRESHED,
    /** The provider refused the grant: the connection needs re-authorization. */
    REAUTHORIZATION_REQUIRED,
    /** Any other failure (network, provider error); the next call tries again. */
    FAILED
  }

  /**
   * A slot query finished (successfully or not).
   *
   * @param tenant the tenant queried
   * @param mode one resource, any-of or all-of team
   * @param elapsed how long it took, by the service's clock
   */
  default void slotQuery(TenantId tenant, QueryMode mode, Duration elapsed) {}

  /**
   * A booking attempt ended.
   *
   * @param tenant the tenant booked for
   * @param outcome how it ended
   * @param refusal the rule that refused, for {@link BookingOutcome#SLOT_UNAVAILABLE}
   */
  default void booking(
      TenantId tenant, BookingOutcome outcome, Optional<SlotUnavailableException.Reason> refusal) {}

  /**
   * An appointment's status was stored: a new appointment ({@code from} empty), a move, or a status
   * change, by the booking service or a provider's webhook.
   *
   * @param tenant the appointment's tenant
   * @param from the status before, empty for a new appointment
   * @param to the status stored
   */
  default void transition(
      TenantId tenant, Optional<AppointmentStatus> from, AppointmentStatus to) {}

  /**
   * A webhook delivery was answered.
   *
   * @param provider the registered provider id, or {@code "unknown"} when none is registered under
   *     the id in the URL (so a caller cannot create labels)
   * @param outcome what was done, with its HTTP status
   */
  default void webhook(String provider, WebhookResult.Outcome outcome) {}

  /**
   * The API log recorded an entry: a provider call ({@link AuditEntry.Direction#OUTBOUND}, with its
   * operation, outcome and latency) or a webhook ({@link AuditEntry.Direction#INBOUND}). Heard only
   * through a log wrapped by {@link #auditLog(AuditLog)}.
   *
   * @param entry the entry as recorded
   */
  default void audited(AuditEntry entry) {}

  /**
   * An outbox push attempt ended.
   *
   * @param tenant the entry's tenant
   * @param provider the provider pushed to
   * @param action what was pushed
   * @param outcome how it ended
   */
  default void outboxPush(
      TenantId tenant, String provider, SyncAction action, PushOutcome outcome) {}

  /**
   * A notification or reminder send ended.
   *
   * @param tenant the appointment's tenant
   * @param channel the channel's id, e.g. {@code "whatsapp"}
   * @param kind what was sent
   * @param outcome how it ended
   */
  default void notificationSend(
      TenantId tenant, String channel, MessageKind kind, SendOutcome outcome) {}

  /**
   * A reminder scheduler finished a run (also a run that found nothing due).
   *
   * @param sent how many reminders the channels accepted in this run
   */
  default void reminderRun(int sent) {}

  /**
   * A token refresh ended.
   *
   * @param tenant the connection's tenant
   * @param provider the connection's provider
   * @param outcome how it ended
   */
  default void tokenRefresh(TenantId tenant, String provider, RefreshOutcome outcome) {}

  /**
   * The booking assistant answered one customer message.
   *
   * @param tenant the chat's tenant
   * @param intent what the message was read as, e.g. {@code "book"}
   * @param outcome where the conversation is now, e.g. {@code "proposing"}, or {@code "failed"}
   */
  default void assistantTurn(TenantId tenant, String intent, String outcome) {}

  /**
   * {@return {@code log} that also tells this observer of every entry it records} The entry is
   * recorded first; an observer that throws is logged and does not fail the call being logged.
   *
   * @param log the API log to wrap
   */
  default AuditLog auditLog(AuditLog log) {
    return new ObservedAuditLog(Checks.notNull(log, "log"), all(List.of(this)));
  }

  /**
   * {@return one observer telling each of {@code observers}, in order} An observer that throws is
   * logged and the others are still told; the caller never sees the exception.
   *
   * @param observers the observers
   */
  static Observer all(List<Observer> observers) {
    Checks.notNull(observers, "observers");
    return new Observers(List.copyOf(observers));
  }
}
