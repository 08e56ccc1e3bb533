package dev.cita.scheduling.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.component.VEvent;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.BookingNotifier;
import dev.cita.scheduling.notify.CalendarEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BookingNotifier with a real EmailChannel: the core's CalendarEvent reaches the invitation. */
class BookingEmailsTest {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final Instant NOW = Instant.parse("2026-09-10T12:00:00Z");

  /** Tuesday 15 September 2026, 14:00 in Santiago. */
  static final Instant TUE_14H = Instant.parse("2026-09-15T17:00:00Z");

  /** Wednesday 16 September 2026, 10:30 in Santiago. */
  static final Instant WED_10_30 = Instant.parse("2026-09-16T13:30:00Z");

  @Test
  void bookMoveAndCancelSendThreeEmailsAboutOneCalendarEvent() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder("consulta", "Consulta general", Duration.ofMinutes(30)).build());
    EmailChannel email =
        EmailChannel.builder()
            .host("127.0.0.1")
            .port(greenMail.getSmtp().getPort())
            .security(EmailChannel.Security.NONE)
            .from("citas@example.cl", "Clínica Norte")
            .clock(clock)
            .build();
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .scheduleStore(schedules)
            .listener(BookingNotifier.builder().channel(email).scheduleStore(schedules).build())
            .build();

    Appointment a =
        service.book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    AppointmentTypeId.of("consulta"),
                    TUE_14H,
                    Attendee.builder("María").email("maria@example.cl").build())
                .build());
    service.reschedule(TENANT, a.id(), WED_10_30);
    service.cancel(TENANT, a.id());

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received)
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "Cita confirmada: Consulta general",
            "Cita reprogramada: Consulta general",
            "Cita cancelada: Consulta general");
    List<VEvent> events = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    for (MimeMessage m : received) {
      String ics = EmailChannelTest.parts(m).ics();
      assertThat(ics).isNotNull();
      events.add(EmailChannelTest.event(ics));
      methods.add(EmailChannelTest.method(ics));
    }
    assertThat(methods).containsExactly("REQUEST", "REQUEST", "CANCEL");
    assertThat(events)
        .extracting(e -> e.getUid().getValue())
        .containsOnly(Invitation.uid(CalendarEvent.of(a, "x")));
    assertThat(events)
        .extracting(e -> e.getDateStart().getValue().toInstant())
        .containsExactly(TUE_14H, WED_10_30, WED_10_30);
    List<Integer> sequences = events.stream().map(e -> e.getSequence().getValue()).toList();
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
  }
}
