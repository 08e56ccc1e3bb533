package dev.cita.scheduling.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.CalendarEvent;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.notify.SendResult;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {
  static final String SECRET = "s3cr3t-smtp-password";

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP)
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("citas@example.cl", "citas", SECRET));

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

  /** Tuesday 15 September 2026, 14:00 in Santiago (summer time since 6 September: UTC-3). */
  static final Instant SEP_15_14H = Instant.parse("2026-09-15T17:00:00Z");

  /** Tuesday 16 June 2026, 14:00 in Santiago (winter time: UTC-4). */
  static final Instant JUN_16_14H = Instant.parse("2026-06-16T18:00:00Z");

  static EmailChannel.Builder channel(int port) {
    return EmailChannel.builder()
        .host("127.0.0.1")
        .port(port)
        .security(EmailChannel.Security.NONE)
        .credentials("citas", SECRET)
        .from("citas@example.cl", "Clínica Norte")
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .writeTimeout(Duration.ofSeconds(2))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Appointment appointment(
      Instant start, long version, AppointmentStatus status, String customer) {
    return Appointment.builder()
        .id(AppointmentId.of("a1"))
        .tenant(TENANT)
        .resource(ResourceId.of("ana"))
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder(customer).email("maria@example.cl").build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(30)))
        .displayZone(SANTIAGO)
        .status(status)
        .location("Av. Apoquindo 123, Las Condes")
        .version(version)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  static OutgoingMessage message(
      MessageKind kind, Locale locale, String text, @Nullable CalendarEvent event) {
    return OutgoingMessage.builder()
        .tenant(TENANT)
        .appointmentId(AppointmentId.of("a1"))
        .recipient(RecipientKind.CUSTOMER, AddressKind.EMAIL, "maria@example.cl")
        .kind(kind)
        .locale(locale)
        .templateKey(kind.name().toLowerCase(Locale.ROOT) + "_customer")
        .text(text)
        .idempotencyKey("clinica-norte/a1/v" + (event == null ? 0 : event.version()) + "/" + kind)
        .event(event)
        .build();
  }

  static OutgoingMessage notice(MessageKind kind, Appointment a) {
    return message(
        kind, Locale.forLanguageTag("es"), "Hola María, tu cita.", CalendarEvent.of(a, "Consulta"));
  }

  /** The parts of a received e-mail: plain text, HTML and the calendar attachment, if any. */
  record Parts(String text, String html, @Nullable String ics, @Nullable String icsType) {}

  static Parts parts(MimeMessage m) throws Exception {
    List<BodyPart> leaves = new ArrayList<>();
    collect((Multipart) m.getContent(), leaves);
    String text = null;
    String html = null;
    String ics = null;
    String icsType = null;
    for (BodyPart p : leaves) {
      if (p.isMimeType("text/plain")) {
        text = (String) p.getContent();
      } else if (p.isMimeType("text/html")) {
        html = (String) p.getContent();
      } else if (p.isMimeType("text/calendar")) {
        Object c = p.getContent();
        ics =
            c instanceof String s
                ? s
                : new String(((InputStream) c).readAllBytes(), StandardCharsets.UTF_8);
        icsType = p.getContentType();
      }
    }
    assertThat(text).as("plain text part").isNotNull();
    assertThat(html).as("HTML part").isNotNull();
    return new Parts(text, html, ics, icsType);
  }

  static void collect(Multipart mp, List<BodyPart> out) throws Exception {
    for (int i = 0; i < mp.getCount(); i++) {
      BodyPart p = mp.getBodyPart(i);
      if (p.getContent() instanceof Multipart inner) {
        collect(inner, out);
      } else {
        out.add(p);
      }
    }
  }

  static VEvent event(String ics) {
    ICalendar ical = Biweekly.parse(ics).first();
    assertThat(ical).as("the ICS parses back").isNotNull();
    assertThat(ical.getEvents()).hasSize(1);
    return ical.getEvents().get(0);
  }

  static String method(String ics) {
    return Biweekly.parse(ics).first().getMethod().getValue();
  }

  @Test
  void aBookedAppointmentGivesOneEmailWithTextHtmlAndAnInvitationAtTheRightInstant()
      throws Exception {
    Appointment a = appointment(SEP_15_14H, 1, AppointmentStatus.SCHEDULED, "María");

    SendResult result =
        channel(greenMail.getSmtp().getPort()).build().send(notice(MessageKind.CONFIRMATION, a));

    assertThat(result.accepted()).as(result.toString()).isTrue();
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("Cita confirmada: Consulta");
    assertThat(m.getFrom()[0].toString()).contains("citas@example.cl");
    assertThat(m.getMessageID()).isEqualTo(result.channelMessageId().orElseThrow());
    Parts p = parts(m);
    assertThat(p.text()).startsWith("Hola María, tu cita.").contains("Cuándo: ").contains("14:00");
    assertThat(p.html()).contains("<p>Hola María, tu cita.</p>").contains("14:00");
    assertThat(p.icsType()).contains("method=REQUEST");
    assertThat(method(p.ics())).isEqualTo("REQUEST");
    VEvent e = event(p.ics());
    assertThat(e.getDateStart().getValue().toInstant()).isEqualTo(SEP_15_14H);
    assertThat(e.getDateEnd().getValue().toInstant()).isEqualTo(SEP_15_14H.plusSeconds(1800));
    assertThat(LocalDateTime.ofInstant(e.getDateStart().getValue().toInstant(), SANTIAGO))
        .isEqualTo(LocalDateTime.parse("2026-09-15T14:00"));
    assertThat(e.getSummary().getValue()).isEqualTo("Consulta");
    assertThat(e.getLocation().getValue()).isEqualTo("Av. Apoquindo 123, Las Condes");
    assertThat(e.getSequence().getValue()).isEqualTo(1);
    assertThat(e.getUid().getValue())
        .endsWith("@cita")
        .doesNotContain("clinica")
        .doesNotContain("a1@");
  }

  @Test
  void aWinterDateIsAlsoTheRightLocalTimeAndEnglishIsEnglish() throws Exception {
    Appointment a = appointment(JUN_16_14H, 1, AppointmentStatus.SCHEDULED, "Mary");
    OutgoingMessage m =
        message(MessageKind.CONFIRMATION, Locale.ENGLISH, "Hi Mary.", CalendarEvent.of(a, "Visit"));

    assertThat(channel(greenMail.getSmtp().getPort()).build().send(m).accepted()).isTrue();

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Appointment confirmed: Visit");
    Parts p = parts(received);
    assertThat(p.text()).contains("When: Tuesday, June 16, 2026").contains("2:00");
    VEvent e = event(p.ics());
    assertThat(e.getDateStart().getValue().toInstant()).isEqualTo(JUN_16_14H);
    assertThat(LocalDateTime.ofInstant(e.getDateStart().getValue().toInstant(), SANTIAGO))
        .isEqualTo(LocalDateTime.parse("2026-06-16T14:00"));
  }

  @Test
  void theUidStaysAcrossRescheduleAndCancelWhileTheSequenceGrows() throws Exception {
    EmailChannel email = channel(greenMail.getSmtp().getPort()).build();
    Appointment booked = appointment(SEP_15_14H, 1, AppointmentStatus.SCHEDULED, "María");
    Appointment moved = appointment(JUN_16_14H, 2, AppointmentStatus.SCHEDULED, "María");
    Appointment cancelled = appointment(JUN_16_14H, 3, AppointmentStatus.CANCELLED, "María");

    email.send(notice(MessageKind.CONFIRMATION, booked));
    email.send(notice(MessageKind.RESCHEDULE, moved));
    email.send(notice(MessageKind.CANCELLATION, cancelled));

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(3);
    List<String> ics = new ArrayList<>();
    for (MimeMessage m : received) {
      ics.add(parts(m).ics());
    }
    List<VEvent> events = ics.stream().map(EmailChannelTest::event).toList();
    assertThat(events)
        .extracting(e -> e.getUid().getValue())
        .containsOnly(events.get(0).getUid().getValue());
    assertThat(events).extracting(e -> e.getSequence().getValue()).containsExactly(1, 2, 3);
    assertThat(ics)
        .extracting(EmailChannelTest::method)
        .containsExactly("REQUEST", "REQUEST", "CANCEL");
    assertThat(events.get(1).getDateStart().getValue().toInstant()).isEqualTo(JUN_16_14H);
    assertThat(events.get(2).getStatus().getValue()).isEqualTo("CANCELLED");
    assertThat(parts(received[2]).icsType()).contains("method=CANCEL");

    Appointment other =
        appointment(SEP_15_14H, 1, AppointmentStatus.SCHEDULED, "María").toBuilder()
            .id(AppointmentId.of("a2"))
            .build();
    assertThat(Invitation.uid(CalendarEvent.of(other, "Consulta")))
        .isNotEqualTo(events.get(0).getUid().getValue());
  }

  @Test
  void hostileValuesAreEscapedAndCannotInjectHeaders() throws Exception {
    Appointment a =
        appointment(SEP_15_14H, 1, AppointmentStatus.SCHEDULED, "<script>alert(1)</script>");
    OutgoingMessage m =
        message(
            MessageKind.CONFIRMATION,
            Locale.forLanguageTag("es"),
            "Hola <script>alert(1)</script> & co",
            CalendarEvent.of(a, "Consulta\r\nBcc: evil@example.com\r\n\r\n<b>x</b>"));

    assertThat(channel(greenMail.getSmtp().getPort()).build().send(m).accepted()).isTrue();

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).as("nobody else got a copy").hasSize(1);
    assertThat(received[0].getHeader("Bcc")).isNull();
    assertThat(received[0].getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("maria@example.cl");
    assertThat(received[0].getSubject())
        .isEqualTo("Cita confirmada: Consulta Bcc: evil@example.com <b>x</b>")
        .doesNotContain("\r")
        .doesNotContain("\n");
    Parts p = parts(received[0]);
    assertThat(p.html())
        .doesNotContain("<script>")
        .contains("Hola &lt;script&gt;alert(1)&lt;/script&gt; &amp; co")
        .doesNotContain("<b>x</b>");
    assertThat(event(p.ics()).getSummary().getValue())
        .as("the ICS keeps the title as data, escaped by biweekly")
        .isEqualTo("Consulta\r\nBcc: evil@example.com\r\n\r\n<b>x</b>".replace("\r\n", "\n"));
  }

  @Test
  void aRecipientAddressWithALineBreakIsRefusedNotSent() {
    OutgoingMessage m =
        OutgoingMessage.builder()
            .tenant(TENANT)
            .appointmentId(AppointmentId.of("a1"))
            .recipient(
                RecipientKind.CUSTOMER,
                AddressKind.EMAIL,
                "maria@example.cl\r\nBcc: evil@example.com")
            .kind(MessageKind.REMINDER)
            .locale(Locale.ENGLISH)
            .templateKey("reminder_customer")
            .text("Reminder")
            .idempotencyKey("k")
            .build();

    SendResult result = channel(greenMail.getSmtp().getPort()).build().send(m);

    assertThat(result.accepted()).isFalse();
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void aReminderWithoutAnEventHasNoAttachment() throws Exception {
    OutgoingMessage m = message(MessageKind.REMINDER, Locale.ENGLISH, "See you tomorrow.", null);

    assertThat(channel(greenMail.getSmtp().getPort()).build().send(m).accepted()).isTrue();

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Appointment reminder");
    assertThat(received.isMimeType("multipart/alternative")).isTrue();
    assertThat(parts(received).ics()).isNull();
  }

  @Test
  void anUnreachableServerIsARetryableRefusalWithoutTheSecret() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    OutgoingMessage m = message(MessageKind.REMINDER, Locale.ENGLISH, "See you tomorrow.", null);

    SendResult down = channel(closedPort).build().send(m);

    assertThat(down.accepted()).isFalse();
    assertThat(down.reason().orElseThrow()).startsWith("SMTP: ").doesNotContain(SECRET);
    assertThat(channel(greenMail.getSmtp().getPort()).build().send(m).accepted())
        .as("the same message goes through once the server is back")
        .isTrue();
  }

  @Test
  void aServerThatNeverAnswersTimesOutAsARefusal() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket client = silent.accept()) {
                  Thread.sleep(5_000); // never sends the SMTP greeting
                  client.shutdownOutput();
                } catch (IOException | InterruptedException e) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      EmailChannel email =
          channel(silent.getLocalPort()).readTimeout(Duration.ofMillis(300)).build();
      long t0 = System.nanoTime();

      SendResult result =
          email.send(message(MessageKind.REMINDER, Locale.ENGLISH, "See you tomorrow.", null));

      assertThat(result.accepted()).isFalse();
      assertThat(result.reason().orElseThrow()).doesNotContain(SECRET);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void theCredentialsAreNeverShownAndBadSettingsNameTheField() {
    EmailChannel email = channel(25).build();

    assertThat(email.toString())
        .doesNotContain(SECRET)
        .doesNotContain("citas,")
        .contains("127.0.0.1:25");
    assertThat(email.id()).isEqualTo("email");
    assertThat(email.addressKind()).isEqualTo(AddressKind.EMAIL);
    assertThatThrownBy(() -> EmailChannel.builder().from("not an address", "X"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("email.from"));
    assertThatThrownBy(() -> channel(0).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("email.port"));
    assertThatThrownBy(() -> EmailChannel.builder().readTimeout(Duration.ZERO))
        .isInstanceOf(ValidationException.class);
  }
}
