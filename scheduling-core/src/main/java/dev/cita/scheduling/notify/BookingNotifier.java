package dev.cita.scheduling.notify;

import dev.cita.scheduling.BookingListener;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.spi.StaffStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about booking changes: a confirmation when an appointment is booked (or a requested
 * one is approved), a notice with the old and new time when it moves, and a cancellation when it is
 * cancelled, to the recipients and through the channels of the tenant's {@link
 * NotificationPreferences}.
 *
 * <pre>{@code
 * BookingNotifier notifier = BookingNotifier.builder()
 *     .channel(whatsapp)
 *     .channel(email)
 *     .preferences(preferencesStore)
 *     .scheduleStore(schedules)          // to name the service ("Consulta general")
 *     .build();
 * BookingService service = BookingService.builder()....listener(notifier).build();
 * }</pre>
 *
 * <p>Sending happens on the thread that made the change, after it was stored. A channel that fails
 * or refuses is logged (addresses masked) and the other deliveries still go out; the booking is
 * never undone. Change notices are sent once, with no retry, and only for changes made through the
 * booking service: for notices that survive outages and crashes, go out exactly once across nodes
 * and also cover changes applied from provider webhooks, queue them instead ({@code
 * BookingService.Builder.queueNotifications()} and a {@link NotificationWorker}, which shares this
 * notifier's delivery plan). Do not use both for one service, or every notice goes out twice. A
 * booking that waits for approval ({@code REQUESTED}) is confirmed when it is approved, not before.
 *
 * <p>With a {@link Builder#staff(StaffStore) staff store}, the tenant's {@link StaffMember}s are
 * told too, as {@link StaffRecipients#resolve} decides (their own per-kind choices, agents only
 * about their resources), including a {@link MessageKind#NO_SHOW} notice when an appointment is
 * marked a no-show. Each staff notice carries the delivery's stable key as its {@link
 * OutgoingMessage#idempotencyKey()}, so a de-duplicating channel sends it once per appointment
 * version. Changes made through the booking service count as made in Cita: no provider's own staff
 * notices are assumed. The customer and the tenant's contacts hear about a no-show only if the
 * preferences turn {@link MessageKind#NO_SHOW} on.
 */
public final class BookingNotifier implements BookingListener {
  private static final Logger log = LoggerFactory.getLogger(BookingNotifier.class);

  private final NoticeSends sends;
  private final NotificationPreferencesStore preferences;
  private final MessageTemplates templates;
  private final @Nullable StaffStore staff;
  private final Observer observer;

  private BookingNotifier(Builder b) {
    this.sends = new NoticeSends(new LinkedHashMap<>(b.channels), b.schedules, b.details);
    this.preferences = b.preferences;
    this.templates = b.templates;
    this.staff = b.staff;
    this.observer = Observer.all(b.observers);
  }

  /** {@return a builder with no channels} Add at least one with {@link Builder#channel}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void booked(Appointment appointment) {
    NotificationQueue.kindOf(null, appointment).ifPresent(kind -> send(kind, appointment, null));
  }

  @Override
  public void rescheduled(Appointment before, Appointment after) {
    send(MessageKind.RESCHEDULE, after, before.start());
  }

  @Override
  public void statusChanged(Appointment before, Appointment after) {
    NotificationQueue.kindOf(before, after)
        .filter(kind -> kind != MessageKind.RESCHEDULE)
        .ifPresent(kind -> send(kind, after, null));
  }

  private void send(MessageKind kind, Appointment a, @Nullable Instant previousStart) {
    NotificationPreferences prefs;
    try {
      prefs = preferences.preferences(a.tenant());
    } catch (RuntimeException e) {
      log.warn(
          "{} for appointment {} of tenant {} not sent: preferences unavailable: {}",
          kind,
          a.id(),
          a.tenant(),
          Redaction.error(e));
      return;
    }
    List<StaffMember> members = List.of();
    if (staff != null) {
      try {
        members = staff.list(a.tenant());
      } catch (RuntimeException e) {
        log.warn(
            "{} for appointment {} of tenant {} not sent to staff: staff unavailable: {}",
            kind,
            a.id(),
            a.tenant(),
            Redaction.error(e));
      }
    }
    MessageContext context = sends.context(a, previousStart);
    for (NoticeSends.Send s :
        sends.plan(StaffRecipients.Event.of(a, kind), a, context, templates, prefs, members)) {
      deliver(s, kind, a);
    }
  }

  private void deliver(NoticeSends.Send s, MessageKind kind, Appointment a) {
    OutgoingMessage message = null;
    try {
      message = s.message().get();
      SendResult result = s.channel().send(message);
      observer.notificationSend(
          a.tenant(),
          s.channel().id(),
          kind,
          result.accepted() ? Observer.SendOutcome.SENT : Observer.SendOutcome.REFUSED);
      if (result.accepted()) {
        log.debug("sent {} ({})", message, result);
      } else {
        log.warn(
            "channel {} refused {}: {}",
            s.channel().id(),
            message,
            Redaction.phones(result.reason().orElse("")));
      }
    } catch (RuntimeException e) {
      observer.notificationSend(a.tenant(), s.channel().id(), kind, Observer.SendOutcome.FAILED);
      log.warn(
          "channel {} failed to send {} for appointment {} of tenant {} to {}: {}",
          s.channel().id(),
          kind,
          a.id(),
          a.tenant(),
          message == null ? s : message,
          Redaction.error(e));
    }
  }

  /** Configures a {@link BookingNotifier}; {@link #build()} checks it. */
  public static final class Builder {
    private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    private MessageTemplates templates = MessageTemplates.standard();
    private NotificationPreferencesStore preferences = new InMemoryNotificationPreferencesStore();
    private @Nullable ScheduleStore schedules;
    private @Nullable StaffStore staff;
    private final List<Observer> observers = new ArrayList<>();

    private AppointmentDetailsSource details = AppointmentDetailsSource.none();

    private Builder() {}

    /**
     * Where the branch, address, professional and manage link shown in the texts come from
     * (default: none, and the texts name only the service and the time).
     *
     * @param details the application's source
     * @return this builder
     */
    public Builder details(AppointmentDetailsSource details) {
      this.details = Checks.notNull(details, "details");
      return this;
    }

    /**
     * Adds an observer told how each send ended, by channel and kind, for metrics and health checks
     * (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * Where the tenants' staff members are kept; without it, only the customer and the contacts of
     * the preferences are told.
     *
     * @param staff the staff store
     * @return this builder
     */
    public Builder staff(StaffStore staff) {
      this.staff = Checks.notNull(staff, "staff");
      return this;
    }

    /**
     * A channel messages may go through, by its {@link NotificationChannel#id()}; at least one.
     *
     * @param channel the channel; its id must be unique in this builder
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if a channel with the same id was added
     *     already
     */
    public Builder channel(NotificationChannel channel) {
      Checks.notNull(channel, "channel");
      Checks.notBlank(channel.id(), "channel.id");
      if (channels.putIfAbsent(channel.id(), channel) != null) {
        throw new ValidationException(
            "channel", "a channel with id '" + channel.id() + "' is already registered");
      }
      return this;
    }

    /**
     * The texts; default {@link MessageTemplates#standard()}.
     *
     * @param templates the templates
     * @return this builder
     */
    public Builder templates(MessageTemplates templates) {
      this.templates = Checks.notNull(templates, "templates");
      return this;
    }

    /**
     * Each tenant's preferences; default: an in-memory store with the defaults for everyone.
     *
     * @param preferences the tenants' preferences
     * @return this builder
     */
    public Builder preferences(NotificationPreferencesStore preferences) {
      this.preferences = Checks.notNull(preferences, "preferences");
      return this;
    }

    /**
     * Where appointment types are read to name the service; without it, messages show the type id.
     *
     * @param schedules the store holding the appointment types
     * @return this builder
     */
    public Builder scheduleStore(ScheduleStore schedules) {
      this.schedules = Checks.notNull(schedules, "scheduleStore");
      return this;
    }

    /**
     * Builds the notifier; register it with {@code BookingService.Builder.listener}.
     *
     * @return the notifier
     * @throws dev.cita.scheduling.ValidationException if no channel was added
     */
    public BookingNotifier build() {
      if (channels.isEmpty()) {
        throw new ValidationException("channel", "at least one notification channel is required");
      }
      return new BookingNotifier(this);
    }
  }
}
