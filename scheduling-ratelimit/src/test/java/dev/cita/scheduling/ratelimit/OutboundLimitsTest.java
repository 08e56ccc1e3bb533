package dev.cita.scheduling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A busy tenant uses up its own share of a provider's quota, not the other tenants'. */
class OutboundLimitsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private final TestClock clock = new TestClock(NOW);
  private final InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
  private final OutboundLimits limits =
      OutboundLimits.of(
          RateLimits.inMemory(clock), "google", Limit.perMinute(2), Limit.perMinute(3));
  private final CalendarProvider limited = limits.wrap(google);
  private int ids;

  private Appointment appointment(String tenant) {
    Instant start = NOW.plus(Duration.ofDays(1));
    return Appointment.builder()
        .id(AppointmentId.of("appt-" + (++ids)))
        .tenant(TenantId.of(tenant))
        .resource(ResourceId.of("ana"))
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder("Ana").build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  @Test
  void aTenantOverItsShareIsRefusedRetryablyWithoutACallAndOthersStillPass() {
    limited.createEvent(appointment("busy"));
    limited.createEvent(appointment("busy"));

    assertThatThrownBy(() -> limited.createEvent(appointment("busy")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.httpStatus()).hasValue(429);
              assertThat(e.providerCode()).contains(OutboundLimits.RATE_LIMITED_CODE);
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
            });
    limited.createEvent(appointment("quiet"));

    assertThat(google.eventsCreated()).isEqualTo(3);
  }

  @Test
  void theAppWideQuotaCapsEveryTenantTogether() {
    limited.createEvent(appointment("a"));
    limited.createEvent(appointment("b"));
    limited.createEvent(appointment("c"));

    assertThatThrownBy(() -> limited.createEvent(appointment("d")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("the app");
    clock.advance(Duration.ofMinutes(1));
    limited.createEvent(appointment("d"));

    assertThat(google.eventsCreated()).isEqualTo(4);
  }

  @Test
  void limitsOfAnotherProviderAreRefused() {
    assertThatThrownBy(() -> limits.wrap(new InMemoryCalendarProvider("calcom")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("provider"));
  }
}
