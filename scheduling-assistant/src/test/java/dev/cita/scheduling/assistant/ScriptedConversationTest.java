package dev.cita.scheduling.assistant;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripted conversations with a two-branch salon chain, read from {@code dialogue/*.script} in the
 * test resources. Each script is a sequence of customer lines ({@code > text}) followed by what the
 * reply must contain ({@code < fragment}) or not contain ({@code ! fragment}), and checks of the
 * store ({@code = mine ...}: the customer's appointments that hold time, in every tenant; {@code =
 * status id STATUS}). Set-up lines: {@code @locale en}, {@code @assignment FEWEST_THAT_DAY},
 * {@code @legacy} (the old one-service set-up), {@code @webhook id branch professional service
 * local-time} (an appointment a provider webhook stored, with the customer's phone) and {@code
 * @other branch professional service local-time} (another customer's booking).
 *
 * <p>Run with {@code -Ddialogue.print=true} to print each turn, which helps when writing a script.
 *
 * <p>The chain: Centro (tenant salon-centro) offers a haircut with Valentina ("Vale") or Camila
 * ("Cami") and a manicure with Camila; Ñuñoa (tenant salon-nunoa) offers a haircut with Pedro and
 * kinesiology with Jorge. Everyone works Monday to Saturday 09:00–18:00; every service lasts 30
 * minutes. Now is Monday 2 March 2026, 09:00 in Santiago.
 */
class ScriptedConversationTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId CENTRO = TenantId.of("salon-centro");
  static final TenantId NUNOA = TenantId.of("salon-nunoa");
  static final String PHONE = "+56912345678";
  static final String OTHER_PHONE = "+56987654321";
  static final ResourceId VALE = ResourceId.of("valentina");
  static final ResourceId CAMI = ResourceId.of("camila");
  static final ResourceId PEDRO = ResourceId.of("pedro");
  static final ResourceId JORGE = ResourceId.of("jorge");
  static final AppointmentTypeId CORTE = AppointmentTypeId.of("corte");
  static final AppointmentTypeId MANICURE = AppointmentTypeId.of("manicure");
  static final AppointmentTypeId KINE = AppointmentTypeId.of("kine");

  static Stream<Arguments> scripts() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            Objects.requireNonNull(ScriptedConversationTest.class.getResource("/dialogue"))
                .toURI());
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".script")).sorted().toList()) {
        String name = file.getFileName().toString();
        List<String> current = null;
        String title = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.startsWith("=== ")) {
            if (current != null) {
              out.add(Arguments.of(name + ": " + title, current));
            }
            title = line.substring(4).strip();
            current = new ArrayList<>();
          } else if (current != null && !line.isBlank() && !line.startsWith("#")) {
            current.add(line.strip());
          }
        }
        if (current != null) {
          out.add(Arguments.of(name + ": " + title, current));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void conversation(String name, List<String> script) {
    Chain chain = new Chain(script);
    String reply = null;
    int turn = 0;
    for (String line : script) {
      String arg = line.substring(1).strip();
      switch (line.charAt(0)) {
        case '@' -> {}
        case '>' -> {
          turn++;
          reply = chain.say(arg);
          if (Boolean.getBoolean("dialogue.print")) {
            System.out.println("[" + name + "] > " + arg + "\n" + reply + "\n");
          }
        }
        case '<' ->
            assertThat(reply).as("turn %d of %s", turn, name).isNotNull().contains(arg.strip());
        case '!' ->
            assertThat(reply).as("turn %d of %s", turn, name).isNotNull().doesNotContain(arg);
        case '=' -> chain.check(arg, turn, name);
        default -> throw new IllegalArgumentException("bad script line: " + line);
      }
    }
    assertThat(turn).as("a script says something").isPositive();
  }

  /**
   * Every customer line of every script, sent in random orders (seed {@code dialogue.seed}, 7 by
   * default) to a chain with webhook appointments: no turn fails, and only a clear yes changes what
   * the customer has booked.
   */
  @Test
  void onlyAYesChangesTheStore() throws IOException, URISyntaxException {
    List<String> lines =
        scripts()
            .flatMap(a -> ((List<?>) a.get()[1]).stream())
            .map(String.class::cast)
            .filter(l -> l.startsWith(">"))
            .map(l -> l.substring(1).strip())
            .distinct()
            .toList();
    java.util.Random random = new java.util.Random(Long.getLong("dialogue.seed", 7));
    int changes = 0;
    for (int run = 0; run < 60; run++) {
      Chain chain =
          new Chain(
              List.of(
                  "@webhook cal-1 centro valentina corte 2026-03-05T10:00",
                  "@webhook cal-2 nunoa pedro corte 2026-03-05T15:00"));
      for (int turn = 0; turn < 12; turn++) {
        String line = lines.get(random.nextInt(lines.size()));
        List<String> before = chain.mine();
        chain.say(line);
        if (YesNoReader.read(line) != YesNoReader.Answer.YES) {
          assertThat(chain.mine()).as("after \"%s\" (run %d)", line, run).isEqualTo(before);
        } else if (!chain.mine().equals(before)) {
          changes++;
        }
      }
    }
    assertThat(changes).as("yeses that booked, cancelled or moved").isPositive();
  }

  @Test
  void aChatTenantTakesOneConfiguration() {
    BookingAssistant.Builder b =
        BookingAssistant.builder(new Chain(List.of()).service)
            .catalogue(CENTRO, Chain.catalogue(AssignmentRule.FIRST_FREE));

    assertThatThrownBy(
            () -> b.tenant(CENTRO, TenantBookingConfig.forResource(VALE, CORTE, SANTIAGO)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("tenant"));
  }

  /** The salon chain, its booking service and the assistant, set up as a script asks. */
  static final class Chain {
    final AssistantFixture.MutableClock clock =
        new AssistantFixture.MutableClock(local("2026-03-02T09:00"));
    final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
    final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    final BookingService service;
    final BookingAssistant assistant;
    Locale locale = Locale.forLanguageTag("es-CL");

    Chain(List<String> script) {
      AssignmentRule rule = AssignmentRule.FIRST_FREE;
      boolean legacy = false;
      for (String line : script) {
        if (line.equals("@locale en")) {
          locale = Locale.ENGLISH;
        } else if (line.startsWith("@assignment ")) {
          rule = AssignmentRule.valueOf(line.substring(12).strip());
        } else if (line.equals("@legacy")) {
          legacy = true;
        }
      }
      work(CENTRO, VALE);
      work(CENTRO, CAMI);
      work(NUNOA, PEDRO);
      work(NUNOA, JORGE);
      for (TenantId t : List.of(CENTRO, NUNOA)) {
        for (AppointmentTypeId type : List.of(CORTE, MANICURE, KINE)) {
          schedules.saveAppointmentType(
              t,
              AppointmentType.builder(type.value(), type.value(), Duration.ofMinutes(30))
                  .minimumNotice(Duration.ofMinutes(30))
                  .horizon(Duration.ofDays(60))
                  .build());
        }
      }
      service =
          BookingService.builder()
              .inMemoryDefaults()
              .clock(clock)
              .appointmentStore(appointments)
              .scheduleStore(schedules)
              .build();
      BookingAssistant.Builder b = BookingAssistant.builder(service).clock(clock).maxOptions(3);
      if (legacy) {
        b.tenant(CENTRO, TenantBookingConfig.anyOf(List.of(VALE, CAMI), CORTE, SANTIAGO));
      } else {
        b.catalogue(CENTRO, catalogue(rule));
      }
      assistant = b.build();
      for (String line : script) {
        String[] w = line.split("\\s+");
        if (w[0].equals("@webhook")) {
          webhook(w[1], tenant(w[2]), ResourceId.of(w[3]), AppointmentTypeId.of(w[4]), w[5]);
        } else if (w[0].equals("@other")) {
          service.book(
              BookingRequest.builder(
                      tenant(w[1]),
                      ResourceId.of(w[2]),
                      AppointmentTypeId.of(w[3]),
                      local(w[4]),
                      Attendee.builder("Pedro").phone(OTHER_PHONE).build())
                  .build());
        }
      }
    }

    static Catalogue catalogue(AssignmentRule rule) {
      return Catalogue.builder()
          .branch(Branch.of("centro", "Centro", CENTRO, SANTIAGO))
          .branch(Branch.of("nunoa", "Ñuñoa", NUNOA, SANTIAGO))
          .service(Service.of(CORTE, "Corte de pelo", "corte", "haircut", "cortarme el pelo"))
          .service(Service.of(MANICURE, "Manicure", "manos", "manicura"))
          .service(Service.of(KINE, "Kinesiología", "kine", "kinesiologo", "physio"))
          .professional(Professional.of(VALE, "Valentina Soto", "Vale", "Valentina"))
          .professional(Professional.of(CAMI, "Camila Rojas", "Cami", "Camila"))
          .professional(Professional.of(PEDRO, "Pedro Díaz", "Pedro"))
          .professional(Professional.of(JORGE, "Jorge Muñoz", "Jorge"))
          .offers("centro", CORTE, VALE, CAMI)
          .offers("centro", MANICURE, CAMI)
          .offers("nunoa", CORTE, PEDRO)
          .offers("nunoa", KINE, JORGE)
          .assignment(rule)
          .build();
    }

    private void work(TenantId tenant, ResourceId resource) {
      schedules.saveSchedule(
          tenant,
          resource,
          Schedule.builder(SANTIAGO)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(EnumSet.range(MONDAY, SATURDAY), "09:00", "18:00")
                      .build())
              .build());
    }

    private void webhook(
        String id, TenantId tenant, ResourceId resource, AppointmentTypeId type, String at) {
      Instant start = local(at);
      Instant now = clock.instant();
      appointments.insert(
          Appointment.builder()
              .id(AppointmentId.of(id))
              .tenant(tenant)
              .resource(resource)
              .type(type)
              .attendee(Attendee.builder("María").phone(PHONE).build())
              .start(start)
              .end(start.plus(Duration.ofMinutes(30)))
              .displayZone(SANTIAGO)
              .externalRef("calcom", "cal-" + id)
              .createdAt(now)
              .updatedAt(now)
              .build(),
          ConflictCheck.none());
    }

    String say(String text) {
      return assistant.handle(CENTRO, PHONE, "María", text, locale).text();
    }

    void check(String what, int turn, String name) {
      String[] w = what.split("\\s+", 2);
      switch (w[0]) {
        case "mine" ->
            assertThat(String.join(", ", mine()))
                .as("appointments after turn %d of %s", turn, name)
                .isEqualTo(w[1].strip());
        case "status" -> {
          String[] s = w[1].split("\\s+");
          Appointment a =
              service
                  .appointment(CENTRO, AppointmentId.of(s[0]))
                  .or(() -> service.appointment(NUNOA, AppointmentId.of(s[0])))
                  .orElseThrow();
          assertThat(a.status().name())
              .as("status after turn %d of %s", turn, name)
              .isEqualTo(s[1]);
        }
        default -> throw new IllegalArgumentException("bad check: " + what);
      }
    }

    /**
     * "centro valentina corte 2026-03-07T09:00" for each of the customer's holding appointments.
     */
    List<String> mine() {
      List<Appointment> all = new ArrayList<>();
      for (TenantId t : List.of(CENTRO, NUNOA)) {
        all.addAll(
            service
                .appointmentsOf(AttendeeQuery.byPhone(t, PHONE).limit(200).build())
                .appointments());
      }
      List<String> out =
          all.stream()
              .filter(a -> AppointmentLifecycle.holdsTime(a.status()))
              .sorted(Comparator.comparing(Appointment::start))
              .map(
                  a ->
                      (a.tenant().equals(CENTRO) ? "centro" : "nunoa")
                          + " "
                          + a.resource().value()
                          + " "
                          + a.type().value()
                          + " "
                          + a.start().atZone(SANTIAGO).toLocalDateTime())
              .toList();
      return out.isEmpty() ? List.of("none") : out;
    }

    private static TenantId tenant(String branch) {
      return branch.equals("centro") ? CENTRO : NUNOA;
    }

    static Instant local(String localDateTime) {
      return LocalDateTime.parse(localDateTime).atZone(SANTIAGO).toInstant();
    }
  }
}
