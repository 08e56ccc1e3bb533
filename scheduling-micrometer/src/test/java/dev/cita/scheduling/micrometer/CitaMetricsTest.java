package dev.cita.scheduling.micrometer;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.ReminderScheduler;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.InvalidGrantException;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The must-show of issue 20: a {@link SimpleMeterRegistry} bound once, then bookings (booked, slot
 * unavailable, validation, idempotent replay), webhooks (handled, one duplicate, one bad
 * signature), a failing provider pushed to by a {@link SyncWorker} until its entry is dead, a
 * reminder run and a refused token refresh; every meter and count is asserted exactly.
 */
class CitaMetricsTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final TenantId TENANT = TenantId.of("clinica-norte");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final AppointmentType CONSULT =
      AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build();

  /** Monday 2 March 2026, 09:00 in Santiago. */
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  /** Tuesday 10:00 in Santiago: 25 hours from now, so its 24-hour reminder is due an hour later. */
  private static final Instant TUESDAY_TEN = Instant.parse("2026-03-03T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private final InMemoryConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  private final InMemoryCalendarProvider calendar = new InMemoryCalendarProvider("memory");
  private final InMemoryAuditLog apiLog = new InMemoryAuditLog();

  private final CitaMetrics metrics =
      CitaMetrics.builder(registry)
          .outboxStore(appointments.outbox())
          .connectionStatusStore(statuses)
          .clock(clock)
          .pollInterval(Duration.ofSeconds(10))
          .bind();

  CitaMetricsTest() {
    schedules.saveAppointmentType(TENANT, CONSULT);
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "18:00").build())
            .build());
  }

  @Test
  void oneRegistryCountsBookingsWebhooksAFailingProviderRemindersAndRefreshesExactly() {
    BookingService service =
        BookingService.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .idempotencyStore(new InMemoryIdempotencyStore())
            .calendarProvider(calendar)
            .observer(metrics.observer())
            .build();

    // Bookings: one booked, its replay, a second customer refused for the same slot, a bad start.
    service.findSlots(
        SlotQuery.forResource(
            TENANT, ANA, CONSULT.id(), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 3)));
    service.book(request("Maria").idempotencyKey("wa-1").build());
    service.book(request("Maria").idempotencyKey("wa-1").build());
    assertThatThrownBy(() -> service.book(request("Pedro").build()))
        .isInstanceOf(SlotUnavailableException.class);
    assertThatThrownBy(
            () ->
                service.book(
                    BookingRequest.builder(
                            TENANT, ANA, CONSULT.id(), TUESDAY_TEN.plusMillis(5), attendee("Pedro"))
                        .build()))
        .isInstanceOf(ValidationException.class);

    // Webhooks: one applied, the same delivery again, one with a bad signature.
    WebhookHandler webhooks =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .inbox(new InMemoryWebhookInbox())
            .provider(new TestWebhooks())
            .auditLog(metrics.auditLog(apiLog))
            .observer(metrics.observer())
            .build();
    assertThat(webhooks.handle("testcal", delivery("d-1", TestWebhooks.SECRET)).outcome())
        .isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(webhooks.handle("testcal", delivery("d-1", TestWebhooks.SECRET)).outcome())
        .isEqualTo(WebhookResult.Outcome.DUPLICATE);
    assertThat(webhooks.handle("testcal", delivery("d-2", "forged")).outcome())
        .isEqualTo(WebhookResult.Outcome.UNAUTHORIZED);

    // The outbox holds the booking's create, written 30 seconds ago.
    clock.advance(Duration.ofSeconds(30));
    assertThat(gauge(CitaMetrics.OUTBOX_PENDING, "memory")).isEqualTo(1.0);
    assertThat(gauge(CitaMetrics.OUTBOX_OLDEST_PENDING_AGE, "memory")).isEqualTo(30.0);
    assertThat(gauge(CitaMetrics.OUTBOX_DEAD_LETTERS, "memory")).isZero();

    // A failing provider: the first push is retried, the second parks the entry as dead.
    calendar.failing(true);
    SyncWorker worker =
        SyncWorker.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .provider(calendar)
            .maxAttempts(2)
            .auditLog(metrics.auditLog(apiLog))
            .observer(metrics.observer())
            .build();
    assertThat(worker.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(worker.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10)); // one poll interval: the gauges read the store again
    assertThat(gauge(CitaMetrics.OUTBOX_PENDING, "memory")).isZero();
    assertThat(gauge(CitaMetrics.OUTBOX_OLDEST_PENDING_AGE, "memory")).isZero();
    assertThat(gauge(CitaMetrics.OUTBOX_DEAD_LETTERS, "memory")).isEqualTo(1.0);

    // A reminder run, an hour later: Maria's 24-hour reminder is due.
    RecordingChannel whatsapp = new RecordingChannel();
    ReminderScheduler reminders =
        ReminderScheduler.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .reminderStore(new InMemoryReminderStore())
            .tenants(TENANT)
            .channel(whatsapp)
            .scheduleStore(schedules)
            .observer(metrics.observer())
            .build();
    assertThat(reminders.runOnce()).isEqualTo(1);

    // A token refresh the provider refuses: the connection needs re-authorization.
    CredentialManager credentials =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(new MapCredentialStore())
            .statusStore(statuses)
            .refresher(
                "google",
                current -> {
                  throw new InvalidGrantException("Token has been expired or revoked.");
                })
            .observer(metrics.observer())
            .build();
    ConnectionKey google = ConnectionKey.of(TENANT, "google", "agenda@norte.cl");
    credentials.connect(
        google,
        OAuthCredential.builder("google", "agenda@norte.cl", "expired-access")
            .refreshToken("refresh")
            .expiresAt(clock.instant().minusSeconds(1))
            .build());
    assertThatThrownBy(() -> credentials.accessToken(google))
        .isInstanceOf(ReauthorizationRequiredException.class);
    clock.advance(Duration.ofSeconds(10));

    assertThat(counters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("cita.bookings{outcome=booked,reason=none}", 1.0),
                Map.entry("cita.bookings{outcome=idempotent-replay,reason=none}", 1.0),
                Map.entry("cita.bookings{outcome=slot-unavailable,reason=other-appointment}", 1.0),
                Map.entry("cita.bookings{outcome=validation,reason=none}", 1.0),
                Map.entry("cita.appointment.transitions{from=none,to=scheduled}", 2.0),
                Map.entry("cita.webhooks{outcome=handled,provider=testcal}", 1.0),
                Map.entry("cita.webhooks{outcome=duplicate,provider=testcal}", 1.0),
                Map.entry("cita.webhooks{outcome=bad-signature,provider=testcal}", 1.0),
                Map.entry("cita.outbox.pushes{action=create,outcome=retry,provider=memory}", 1.0),
                Map.entry(
                    "cita.outbox.pushes{action=create,outcome=dead-letter,provider=memory}", 1.0),
                Map.entry("cita.notifications{channel=whatsapp,kind=reminder,outcome=sent}", 1.0),
                Map.entry("cita.reminder.runs{}", 1.0),
                Map.entry(
                    "cita.token.refreshes{outcome=reauthorization-required,provider=google}",
                    1.0)));
    Timer queries = registry.get(CitaMetrics.SLOT_QUERIES).tag("mode", "single").timer();
    assertThat(queries.count()).isEqualTo(1);
    assertThat(registry.get(CitaMetrics.SLOT_QUERIES).timers()).hasSize(1);
    assertThat(queries.takeSnapshot().percentileValues())
        .extracting(v -> v.percentile())
        .containsExactly(0.5, 0.95, 0.99);
    Timer deadLetterCall =
        registry
            .get(CitaMetrics.PROVIDER_CALLS)
            .tags("provider", "memory", "operation", "outbox.create", "outcome", "failure")
            .timer();
    assertThat(deadLetterCall.count()).as("the dead letter, as the API log records it").isOne();
    assertThat(registry.get(CitaMetrics.PROVIDER_CALLS).timers())
        .as("webhooks are inbound: counted as webhooks, not as provider calls")
        .hasSize(1);
    assertThat(gauge(CitaMetrics.CONNECTIONS_NEEDING_REAUTHORIZATION, "google")).isEqualTo(1.0);
    assertThat(registry.getMeters())
        .as("no tenant, appointment or customer in any tag by default")
        .flatExtracting(m -> m.getId().getTags())
        .extracting(Tag::getKey)
        .doesNotContain("tenant", "appointment", "customer");
  }

  @Test
  void tenantTagsAreAnOptIn() {
    SimpleMeterRegistry tagged = new SimpleMeterRegistry();
    CitaMetrics withTenants = CitaMetrics.builder(tagged).tenantTags(true).bind();
    BookingService service =
        BookingService.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .idempotencyStore(new InMemoryIdempotencyStore())
            .observer(withTenants.observer())
            .build();

    service.book(request("Maria").build());

    assertThat(
            tagged
                .get(CitaMetrics.BOOKINGS)
                .tags("tenant", "clinica-norte", "outcome", "booked")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void gaugesReadTheStoresAtMostOncePerPollInterval() {
    int[] reads = {0};
    dev.cita.scheduling.memory.InMemoryOutboxStore outbox = appointments.outbox();
    SimpleMeterRegistry polled = new SimpleMeterRegistry();
    CitaMetrics.builder(polled)
        .outboxStore(
            new dev.cita.scheduling.spi.OutboxStore() {
              @Override
              public List<dev.cita.scheduling.sync.OutboxBacklog> backlog() {
                reads[0]++;
                return outbox.backlog();
              }

              // The rest is never called by the gauges.
              @Override
              public List<dev.cita.scheduling.sync.OutboxEntry> claimDue(
                  Instant now, int limit, String worker, Duration lease) {
                throw new UnsupportedOperationException();
              }

              @Override
              public List<dev.cita.scheduling.sync.OutboxEntry> claimDue(
                  Instant now,
                  int limit,
                  String worker,
                  Duration lease,
                  java.util.Set<String> providers) {
                throw new UnsupportedOperationException();
              }

              @Override
              public boolean complete(String entryId, String worker) {
                throw new UnsupportedOperationException();
              }

              @Override
              public boolean retryLater(
                  String entryId,
                  String worker,
                  int attempts,
                  Instant nextAttemptAt,
                  String error,
                  boolean possiblySent) {
                throw new UnsupportedOperationException();
              }

              @Override
              public boolean deadLetter(
                  String entryId, String worker, int attempts, String error, boolean possiblySent) {
                throw new UnsupportedOperationException();
              }

              @Override
              public boolean requeue(String entryId) {
                throw new UnsupportedOperationException();
              }

              @Override
              public Optional<dev.cita.scheduling.sync.OutboxEntry> find(String entryId) {
                throw new UnsupportedOperationException();
              }

              @Override
              public List<dev.cita.scheduling.sync.OutboxEntry> entries(TenantId tenant) {
                throw new UnsupportedOperationException();
              }
            })
        .providers("google", "calcom")
        .clock(clock)
        .bind();
    assertThat(reads[0]).as("bind reads once").isEqualTo(1);

    assertThat(polled.find(CitaMetrics.OUTBOX_PENDING).gauges()).hasSize(2);
    for (int i = 0; i < 5; i++) {
      scrape(polled);
    }
    assertThat(reads[0]).as("seven gauges read five times within one interval").isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    scrape(polled);
    assertThat(reads[0]).isEqualTo(2);
  }

  /** Reads every meter, as a scrape does (a gauge registered meanwhile is read next time). */
  private static void scrape(SimpleMeterRegistry registry) {
    registry.getMeters().forEach(m -> m.measure().forEach(Measurement::getValue));
  }

  /** The gauge's value as the next scrape shows it. */
  private double gauge(String name, String provider) {
    scrape(registry);
    return registry.get(name).tag("provider", provider).gauge().value();
  }

  /** Every counter as {@code name{k=v,...}} → count. */
  private Map<String, Double> counters() {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getType() == Meter.Type.COUNTER)
        .collect(
            Collectors.toMap(
                m ->
                    m.getId().getName()
                        + m.getId().getTags().stream()
                            .map(t -> t.getKey() + "=" + t.getValue())
                            .collect(Collectors.joining(",", "{", "}")),
                m -> m.measure().iterator().next().getValue(),
                (a, b) -> a,
                TreeMap::new));
  }

  private static Attendee attendee(String name) {
    return Attendee.builder(name).phone("+56912345678").build();
  }

  private static BookingRequest.Builder request(String name) {
    return BookingRequest.builder(TENANT, ANA, CONSULT.id(), TUESDAY_TEN, attendee(name));
  }

  private static WebhookRequest delivery(String id, String secret) {
    return WebhookRequest.builder("POST", "https://app.example.cl/hooks/testcal")
        .header(TestWebhooks.SECRET_HEADER, secret)
        .body(id)
        .build();
  }

  /** A provider whose deliveries carry a shared secret in a header and a delivery id as body. */
  private static final class TestWebhooks implements ProviderWebhooks {
    static final String SECRET = "s3cret";
    static final String SECRET_HEADER = "X-Secret";

    @Override
    public String provider() {
      return "testcal";
    }

    @Override
    public void verify(WebhookRequest request) {
      byte[] given = request.header(SECRET_HEADER).orElse("").getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(given, SECRET.getBytes(StandardCharsets.UTF_8))) {
        throw new WebhookVerificationException("testcal", "bad secret");
      }
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
      String id = new String(request.body(), StandardCharsets.UTF_8);
      Instant start = Instant.parse("2026-03-04T13:00:00Z");
      return ParsedWebhook.of(
              "booking.created",
              ProviderBookingEvent.builder(
                      "testcal", TENANT, "booking-" + id, AppointmentStatus.SCHEDULED, NOW)
                  .time(start, start.plus(Duration.ofMinutes(30)))
                  .attendee(attendee("Rosa"))
                  .resource(ANA)
                  .type(CONSULT.id())
                  .build())
          .withDeliveryId(id);
    }
  }

  /** A WhatsApp-like channel that accepts every message. */
  private static final class RecordingChannel implements NotificationChannel {
    private int sent;

    @Override
    public String id() {
      return "whatsapp";
    }

    @Override
    public SendResult send(OutgoingMessage message) {
      return SendResult.accepted("msg-" + ++sent);
    }
  }

  /** Credentials in a map. */
  private static final class MapCredentialStore implements CredentialStore {
    private final Map<ConnectionKey, OAuthCredential> saved = new ConcurrentHashMap<>();

    @Override
    public void save(ConnectionKey connection, OAuthCredential credential) {
      saved.put(connection, credential);
    }

    @Override
    public Optional<OAuthCredential> load(ConnectionKey connection) {
      return Optional.ofNullable(saved.get(connection));
    }

    @Override
    public boolean delete(ConnectionKey connection) {
      return saved.remove(connection) != null;
    }

    @Override
    public List<ConnectionKey> list(TenantId tenant) {
      return saved.keySet().stream().filter(k -> k.tenant().equals(tenant)).toList();
    }
  }
}
