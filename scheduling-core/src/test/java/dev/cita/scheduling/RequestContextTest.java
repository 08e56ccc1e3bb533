package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** BookingService's public calls run with the tenant (and appointment) in the SLF4J MDC. */
class RequestContextTest {
  private final BookingFixture fx = new BookingFixture();
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  private void capture() {
    seen.add(CapturingLogProvider.mdc());
  }

  private static Map<String, String> citaKeys() {
    return CapturingLogProvider.mdc();
  }

  private BookingRequest request(String time) {
    return BookingRequest.builder(
            TENANT,
            ANA,
            CONSULT.id(),
            at(TUE, time),
            Attendee.builder("Ana").phone("+56912345678").build())
        .build();
  }

  @Test
  void bookAndCancelCarryTenantAndAppointmentWhileRunningAndNothingAfter() {
    BookingService service =
        fx.serviceBuilder()
            .listener(
                new BookingListener() {
                  @Override
                  public void booked(Appointment appointment) {
                    capture();
                  }

                  @Override
                  public void statusChanged(Appointment before, Appointment after) {
                    capture();
                  }
                })
            .build();

    Appointment booked = service.book(request("10:00"));
    assertThat(citaKeys()).isEmpty();
    service.cancel(TENANT, booked.id());

    assertThat(citaKeys()).isEmpty();
    assertThat(seen)
        .hasSize(2)
        .allSatisfy(
            keys ->
                assertThat(keys)
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            LogContext.TENANT, TENANT.value(),
                            LogContext.APPOINTMENT, booked.id().value())));
    assertThat(seen.toString()).doesNotContain("912345678");
  }

  @Test
  void aFailingStoreSeesTheContextAndTheExceptionLeavesNoKeys() {
    AppointmentStore failing =
        new ForwardingAppointmentStore(fx.appointments) {
          @Override
          public Appointment insert(
              Appointment candidate, ConflictCheck check, List<OutboxEntry> outbox) {
            capture();
            throw new IllegalStateException("database down");
          }
        };
    BookingService service = fx.serviceBuilder().appointmentStore(failing).build();

    assertThatThrownBy(() -> service.book(request("11:00"))).hasMessage("database down");

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsEntry(LogContext.TENANT, TENANT.value());
    assertThat(seen.get(0)).containsKey(LogContext.APPOINTMENT);
    assertThat(citaKeys()).isEmpty();
  }

  @Test
  void anApplicationsOwnKeysAndOuterValuesSurviveACall() {
    MDC.put("http.request", "req-42");
    MDC.put(LogContext.TENANT, "set-by-the-app");

    fx.service().findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE));

    assertThat(citaKeys())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("http.request", "req-42", LogContext.TENANT, "set-by-the-app"));
  }
}
