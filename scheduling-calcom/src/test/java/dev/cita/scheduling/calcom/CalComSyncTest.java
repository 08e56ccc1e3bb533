package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.API_KEY;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider against a stateful fake Cal.com, through the real BookingService, outbox and
 * SyncWorker.
 */
class CalComSyncTest {
  private static final FakeCalCom fake = new FakeCalCom();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().extensions(fake))
          .build();

  private static final Instant WED_10 = Instant.parse("2026-03-04T13:00:00Z"); // 10:00 in Santiago

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private CalComCalendarProvider calcom;
  private BookingService service;

  @BeforeEach
  void setUp() {
    fake.reset();
    wm.stubFor(
        any(urlPathMatching("/v2/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME)));
    schedules.saveAppointmentType(
        BRANCH,
        AppointmentType.builder(CONSULT.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(
        BRANCH,
        ANA,
        Schedule.builder(Fixtures.SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    calcom = provider(Duration.ofSeconds(5));
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(calcom)
            .clock(clock)
            .build();
  }

  private CalComCalendarProvider provider(Duration readTimeout) {
    return Fixtures.provider(clock, audit, readTimeout, wm.baseUrl());
  }

  private SyncWorker worker(String id, CalendarProvider provider) {
    return SyncWorker.builder()
        .bookingService(service)
        .appointmentStore(store)
        .outboxStore(store.outbox())
        .provider(provider)
        .clock(clock)
        .workerId(id)
        .batchSize(1)
        .maxAttempts(30)
        .baseBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(30))
        .random(new Random(7)::nextLong)
        .lease(Duration.ofMinutes(1))
        .build();
  }

  private Appointment book(String name, Instant start) {
    return service.book(
        BookingRequest.builder(
                BRANCH,
                ANA,
                CONSULT,
                start,
                Attendee.builder(name)
                    .email(name.toLowerCase(Locale.ROOT) + "@example.com")
                    .zone(Fixtures.SANTIAGO)
                    .build())
            .build());
  }

  private List<String> writesOf(String appointmentId) {
    return fake.writes().stream()
        .filter(w -> w.endsWith(" " + appointmentId))
        .map(w -> w.split(" ")[0])
        .toList();
  }

  @Test
  void offlineBranchKeepsBookingAndCalComGetsExactlyThoseChangesInOrderOnceEachAcrossRestarts() {
    // Before the outage: one appointment already on Cal.com.
    Appointment p = book("Pia", WED_10.minus(Duration.ofHours(1)));
    SyncWorker first = worker("node-1", calcom);
    assertThat(first.runOnce()).isEqualTo(1);
    fake.clearWrites(); // count only what happens from now on
    String piaUid = store.find(BRANCH, p.id()).orElseThrow().externalRef("calcom").orElseThrow();
    StubMapping outage =
        wm.stubFor(
            any(anyUrl())
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    // Offline: three bookings, a move and a cancel all succeed locally.
    Appointment a = book("Ana", WED_10);
    Appointment b = book("Beto", WED_10.plus(Duration.ofHours(1)));
    Appointment c = book("Carla", WED_10.plus(Duration.ofHours(2)));
    Instant moved = WED_10.plus(Duration.ofHours(3));
    service.reschedule(BRANCH, p.id(), moved);
    service.cancel(BRANCH, a.id());
    for (int i = 0; i < 6; i++) {
      first.runOnce();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(fake.writes()).isEmpty();
    // Ana's create never reached Cal.com (its lookup failed first), so her cancel settled both:
    // nothing to send.
    assertThat(store.outbox().entries(BRANCH))
        .filteredOn(e -> e.appointmentId().equals(a.id()))
        .extracting(OutboxEntry::status)
        .containsExactly(OutboxStatus.DONE, OutboxStatus.DONE);
    assertThat(store.outbox().entries(BRANCH))
        .filteredOn(e -> e.status() != OutboxStatus.DONE)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxStatus.PENDING));
    assertThat(store.outbox().entries(BRANCH))
        .anySatisfy(e -> assertThat(e.attempts()).isPositive());

    // Cal.com is back. The first node pushes two entries and is stopped.
    wm.removeStub(outage);
    clock.advance(Duration.ofHours(1));
    assertThat(first.runOnce()).isEqualTo(1);
    assertThat(first.runOnce()).isEqualTo(1);
    first.stop();
    assertThat(fake.writes())
        .hasSizeBetween(1, 2); // a connection reset by the outage may still cost a retry

    // A second node dies right after Cal.com accepted its write, before it could record it.
    AtomicBoolean crashed = new AtomicBoolean();
    CalendarProvider crashing = new CrashAfterRemoteWrite(calcom, crashed);
    assertThatThrownBy(() -> worker("node-2", crashing).runOnce())
        .isInstanceOf(SimulatedCrash.class);
    assertThat(crashed).isTrue();

    // A third node takes over once the dead node's lease ends, and drains the rest.
    SyncWorker third = worker("node-3", calcom);
    for (int i = 0;
        i < 30
            && store.outbox().entries(BRANCH).stream()
                .anyMatch(e -> e.status() != OutboxStatus.DONE);
        i++) {
      clock.advance(Duration.ofMinutes(1));
      third.runOnce();
    }

    assertThat(fake.writes()).hasSize(3);
    assertThat(writesOf(a.id().value())).as("no invitation followed by a cancellation").isEmpty();
    assertThat(writesOf(b.id().value())).containsExactly("create");
    assertThat(writesOf(c.id().value())).containsExactly("create");
    assertThat(writesOf(p.id().value())).containsExactly("reschedule");
    assertThat(store.outbox().entries(BRANCH))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
    for (Appointment x : List.of(b, c)) {
      assertThat(store.find(BRANCH, x.id()).orElseThrow().externalRef("calcom")).isPresent();
    }
    // Cal.com's state matches Cita's: Pia at her new time, Ana cancelled, Beto and Carla booked.
    assertThat(fake.bookings().values())
        .filteredOn(bk -> bk.get("status").asText().equals("accepted"))
        .extracting(
            bk ->
                bk.get("start").asText()
                    + " "
                    + bk.path("metadata").path("citaAppointmentId").asText())
        .containsExactlyInAnyOrder(
            moved + " " + p.id().value(),
            WED_10.plus(Duration.ofHours(1)) + " " + b.id().value(),
            WED_10.plus(Duration.ofHours(2)) + " " + c.id().value());
    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings/" + piaUid + "/reschedule")));
    // Draining again changes nothing.
    clock.advance(Duration.ofHours(1));
    assertThat(third.runOnce()).isZero();
    assertThat(fake.writes()).hasSize(3);
  }

  @Test
  void aMoveMadeBeforeTheCreateReachedCalComIsCreatedAtTheNewTime() {
    StubMapping outage =
        wm.stubFor(
            any(anyUrl())
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Appointment a = book("Ana", WED_10);
    service.reschedule(BRANCH, a.id(), WED_10.plus(Duration.ofHours(3)));
    wm.removeStub(outage);
    SyncWorker w = worker("node-1", calcom);

    w.runOnce();
    w.runOnce();

    // The create pushes the appointment as it is now; the move then finds nothing left to do.
    assertThat(writesOf(a.id().value())).containsExactly("create");
    assertThat(fake.bookings().values())
        .extracting(bk -> bk.get("start").asText())
        .containsExactly(WED_10.plus(Duration.ofHours(3)).toString());
    assertThat(store.outbox().entries(BRANCH))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
  }

  @Test
  void createThatTimesOutAfterCalComMadeTheBookingIsFoundByMetadataAndNotRepeated() {
    CalComCalendarProvider impatient = provider(Duration.ofMillis(300));
    BookingService svc =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(impatient)
            .clock(clock)
            .build();
    // Cal.com makes the booking but answers the first create only after the client's read timeout.
    wm.stubFor(
        post(urlEqualTo("/v2/bookings"))
            .atPriority(1)
            .inScenario("slow")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("answered")
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME).withFixedDelay(1500)));
    Appointment a =
        svc.book(
            BookingRequest.builder(
                    BRANCH,
                    ANA,
                    CONSULT,
                    WED_10,
                    Attendee.builder("Ana").email("ana@example.com").build())
                .build());
    SyncWorker w = worker("node-1", impatient);

    w.runOnce();
    OutboxEntry afterTimeout = store.outbox().entries(BRANCH).get(0);
    assertThat(afterTimeout.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(afterTimeout.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("outcome unknown"));
    clock.advance(Duration.ofMinutes(5));
    w.runOnce();

    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings")));
    wm.verify(
        2,
        getRequestedFor(urlPathEqualTo("/v2/bookings"))
            .withQueryParam("eventTypeId", equalTo(Long.toString(EVENT_TYPE)))
            .withQueryParam("attendeeEmail", equalTo("ana@example.com"))
            .withQueryParam("afterCreatedAt", equalTo(NOW.minus(Duration.ofDays(1)).toString())));
    assertThat(fake.writes()).containsExactly("create " + a.id().value());
    String uid = fake.bookings().keySet().iterator().next();
    assertThat(store.find(BRANCH, a.id()).orElseThrow().externalRef("calcom")).contains(uid);
    assertThat(store.outbox().entries(BRANCH).get(0).status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void aSlotTakenOnCalComBeforeThePushEndsCancelledWithTheReasonAndTheCustomerIsToldOnce() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    BookingService svc =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(calcom)
            .clock(clock)
            .listener(
                new dev.cita.scheduling.BookingListener() {
                  @Override
                  public void statusChanged(Appointment before, Appointment after) {
                    heard.add(
                        "cancellation notice to " + after.attendee().name() + " and the owner");
                  }

                  @Override
                  public void refusedByProvider(Appointment cancelled, String provider) {
                    heard.add("refused by " + provider);
                  }
                })
            .build();
    Appointment a =
        svc.book(
            BookingRequest.builder(
                    BRANCH,
                    ANA,
                    CONSULT,
                    WED_10,
                    Attendee.builder("Ana").email("ana@example.com").build())
                .build());
    // Someone booked 10:00 on the branch's Cal.com page between Cita's slot query and the push.
    wm.stubFor(
        post(urlEqualTo("/v2/bookings"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"error\",\"timestamp\":\"2026-03-02T12:00:01.000Z\",\"path\":\"/v2/bookings\",\"error\":{\"code\":\"BadRequestException\",\"message\":\"User"
                            + " either already has booking at this time or is not available\"}}")));
    SyncWorker w =
        SyncWorker.builder()
            .bookingService(svc)
            .provider(calcom)
            .clock(clock)
            .workerId("node-1")
            .random(new Random(7)::nextLong)
            .build();

    w.runOnce();
    w.runOnce();

    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings")));
    Appointment now = store.find(BRANCH, a.id()).orElseThrow();
    assertThat(now.status()).isEqualTo(dev.cita.scheduling.model.AppointmentStatus.CANCELLED);
    assertThat(now.statusReason())
        .get()
        .asString()
        .startsWith("refused by calcom: ")
        .contains("HTTP 400")
        .contains("BadRequestException");
    assertThat(heard)
        .containsExactly("cancellation notice to Ana and the owner", "refused by calcom");
    assertThat(store.outbox().entries(BRANCH))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(OutboxStatus.DEAD);
              assertThat(e.lastError())
                  .get()
                  .asString()
                  .startsWith("refused; appointment cancelled");
            });
    assertThat(
            svc.findSlots(
                dev.cita.scheduling.SlotQuery.forResource(
                    BRANCH,
                    ANA,
                    CONSULT,
                    java.time.LocalDate.of(2026, 3, 4),
                    java.time.LocalDate.of(2026, 3, 4))))
        .as("Cita's copy of the time is free again")
        .anyMatch(slot -> slot.start().equals(WED_10));
  }

  @Test
  void createSendsTheAppointmentWithItsIdInMetadata() {
    Appointment a = book("Ana", WED_10);

    String uid = calcom.createEvent(store.find(BRANCH, a.id()).orElseThrow());

    assertThat(uid).isNotBlank();
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withHeader("Authorization", equalTo("Bearer " + API_KEY))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withRequestBody(
                equalToJson(
                    "{\"start\":\"2026-03-04T13:00:00Z\",\"eventTypeId\":501,"
                        + "\"attendee\":{\"name\":\"Ana\",\"email\":\"ana@example.com\",\"timeZone\":\"America/Santiago\","
                        + "\"language\":\"es\"},\"metadata\":{\"citaAppointmentId\":\""
                        + a.id().value()
                        + "\",\"citaTenant\":\"sucursal-centro\",\"citaTagSignature\":\""
                        + AppointmentTagSigner.ephemeral().sign(BRANCH, "calcom", a.id())
                        + "\"}}")));
    // Called again (a retry after a lost answer), it finds the booking instead of making another.
    assertThat(calcom.createEvent(store.find(BRANCH, a.id()).orElseThrow())).isEqualTo(uid);
    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings")));
  }

  @Test
  void createSendsTheAppointmentsOwnLengthOnlyToAnEventTypeWithSeveralLengths() {
    AppointmentTypeId longer = AppointmentTypeId.of("consulta-larga");
    CalComTenant branch =
        CalComTenant.builder(BRANCH, Fixtures.ACCOUNT)
            .baseUrl(wm.baseUrl())
            .baseUrlPolicy(Fixtures.LOCAL_MOCK)
            .eventType(EventTypeMapping.of(EVENT_TYPE, ANA, CONSULT))
            .eventType(EventTypeMapping.multipleLengths(502, ANA, longer))
            .zone(Fixtures.SANTIAGO)
            .build();
    CalComCalendarProvider provider =
        CalComCalendarProvider.builder(
                Fixtures.client(clock, audit, Duration.ofSeconds(5)),
                CalComTenants.of(branch),
                Fixtures.credentials(clock))
            .clock(clock)
            .build();
    Appointment a = store.find(BRANCH, book("Ana", WED_10).id()).orElseThrow();
    Appointment fortyFive =
        a.toBuilder()
            .id(dev.cita.scheduling.model.AppointmentId.of("appt-45"))
            .type(longer)
            .end(WED_10.plus(Duration.ofMinutes(45)))
            .build();

    provider.createEvent(fortyFive);
    provider.createEvent(a);

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(matchingJsonPath("$.eventTypeId", equalTo("502")))
            .withRequestBody(matchingJsonPath("$.lengthInMinutes", equalTo("45"))));
    // A fixed-length event type refuses lengthInMinutes with a 400: it is not sent.
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(matchingJsonPath("$.eventTypeId", equalTo("501")))
            .withRequestBody(notMatching(".*lengthInMinutes.*")));
    Appointment odd =
        fortyFive.toBuilder()
            .id(dev.cita.scheduling.model.AppointmentId.of("appt-odd"))
            .end(WED_10.plus(Duration.ofSeconds(45 * 60 + 30)))
            .build();
    assertThatThrownBy(() -> provider.createEvent(odd))
        .isInstanceOfSatisfying(
            dev.cita.scheduling.ProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("whole number of minutes");
  }

  @Test
  void moveCancelAndNoShowFollowTheRescheduleChainAndSkipWhatIsDone() {
    Appointment a = store.find(BRANCH, book("Ana", WED_10).id()).orElseThrow();
    String first = calcom.createEvent(a);
    Appointment movedLocally =
        a.toBuilder()
            .start(WED_10.plus(Duration.ofHours(1)))
            .end(WED_10.plus(Duration.ofMinutes(90)))
            .build();

    calcom.updateEvent(movedLocally, first);
    calcom.updateEvent(movedLocally, first); // a retry: already there
    Appointment movedAgain =
        a.toBuilder()
            .start(WED_10.plus(Duration.ofHours(2)))
            .end(WED_10.plus(Duration.ofMinutes(150)))
            .build();
    calcom.updateEvent(movedAgain, first); // the stored uid is two moves behind
    clock.set(movedAgain.start().plusSeconds(60)); // Cal.com refuses mark-absent before the start
    calcom.markNoShow(movedAgain, first);
    calcom.markNoShow(movedAgain, first); // already marked
    calcom.cancelEvent(movedAgain, first);
    calcom.cancelEvent(movedAgain, first); // already cancelled: not an error

    assertThat(writesOf(a.id().value()))
        .containsExactly("create", "reschedule", "reschedule", "absent", "cancel");
    wm.verify(
        1,
        postRequestedFor(urlPathMatching("/v2/bookings/.*/cancel"))
            .withRequestBody(equalToJson("{\"cancellationReason\":\"Cancelled in Cita\"}")));
    // Issue 15, Cal.com mark-absent: only the attendee Cita knows was absent; "host": false would
    // clear
    // a host no-show (MarkAbsentBookingInput_2024_08_13, calcom/cal.com
    // packages/platform/types/bookings/2024-08-13/inputs/mark-absent.input.ts: host is optional).
    wm.verify(
        1,
        postRequestedFor(urlPathMatching("/v2/bookings/.*/mark-absent"))
            .withRequestBody(
                equalToJson("{\"attendees\":[{\"email\":\"ana@example.com\",\"absent\":true}]}")));
  }

  private String uidOf(Appointment a) {
    return store.find(BRANCH, a.id()).orElseThrow().externalRef("calcom").orElseThrow();
  }

  @Test
  void afterAMoveTheStoredUidIsTheNewBookingAndTheCancelGoesStraightToIt() {
    Appointment a = book("Ana", WED_10);
    SyncWorker w = worker("node-1", calcom);
    w.runOnce();
    String first = uidOf(a);

    service.reschedule(BRANCH, a.id(), WED_10.plus(Duration.ofHours(1)));
    w.runOnce();
    String second = uidOf(a);

    assertThat(second).isNotEqualTo(first);
    assertThat(fake.bookings().get(second).get("start").asText())
        .isEqualTo(WED_10.plus(Duration.ofHours(1)).toString());
    assertThat(fake.bookings().get(second).get("status").asText()).isEqualTo("accepted");

    wm.resetRequests();
    service.cancel(BRANCH, a.id());
    w.runOnce();

    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings/" + second + "/cancel")));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v2/bookings/" + first)));
    // One read of the booking in force (is it already cancelled?) and of its event type (is it
    // seated?),
    // nothing else: no chain to walk.
    assertThat(wm.findAll(getRequestedFor(anyUrl())))
        .extracting(r -> r.getUrl())
        .containsExactly("/v2/bookings/" + second, "/v2/event-types/501");
    assertThat(writesOf(a.id().value())).containsExactly("create", "reschedule", "cancel");
    assertThat(store.outbox().entries(BRANCH))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
  }

  @Test
  void aMoveFromAStaleUidFollowsTheChainAndReturnsTheBookingInForce() {
    Appointment a = store.find(BRANCH, book("Ana", WED_10).id()).orElseThrow();
    String first = calcom.createEvent(a);
    Appointment moved =
        a.toBuilder()
            .start(WED_10.plus(Duration.ofHours(1)))
            .end(WED_10.plus(Duration.ofMinutes(90)))
            .build();
    String second = calcom.moveEvent(moved, first).orElseThrow();
    fake.clearWrites();

    // The answer of that move was lost: the retry starts from the old uid and finds the move done.
    assertThat(calcom.moveEvent(moved, first)).contains(second);
    assertThat(calcom.moveEvent(moved, second)).isEmpty();
    assertThat(fake.writes()).isEmpty();
  }

  @Test
  void busyComesFromTheCacheAndLeavesOutCitasOwnBookings() {
    Appointment mine = store.find(BRANCH, book("Ana", WED_10).id()).orElseThrow();
    calcom.createEvent(mine);
    String foreign =
        fake.addForeign(EVENT_TYPE, WED_10.plus(Duration.ofHours(4)), Duration.ofMinutes(45));
    TimeInterval wednesday =
        TimeInterval.of(Instant.parse("2026-03-04T00:00:00Z"), Duration.ofDays(1));

    assertThat(calcom.busy(BRANCH, ANA, wednesday)).isEmpty();
    assertThat(calcom.refreshBusy(BRANCH, wednesday)).isEqualTo(1);
    int requests = wm.getAllServeEvents().size();

    assertThat(calcom.busy(BRANCH, ANA, wednesday))
        .containsExactly(TimeInterval.of(WED_10.plus(Duration.ofHours(4)), Duration.ofMinutes(45)));
    assertThat(wm.getAllServeEvents()).hasSize(requests); // busy() made no call
    assertThat(foreign).isNotBlank();
  }

  @Test
  void aTenantWithoutCalComOrAnUnmappedTypeIsAFinalFailureNotACallLoop() {
    Appointment a = store.find(BRANCH, book("Ana", WED_10).id()).orElseThrow();
    Appointment otherType =
        a.toBuilder().type(dev.cita.scheduling.model.AppointmentTypeId.of("otro")).build();
    Appointment otherTenant = a.toBuilder().tenant(Fixtures.OTHER_BRANCH).build();

    assertThatThrownBy(() -> calcom.createEvent(otherType))
        .isInstanceOfSatisfying(
            dev.cita.scheduling.ProviderException.class,
            e -> assertThat(e.isRetryable()).isFalse());
    assertThatThrownBy(() -> calcom.createEvent(otherTenant))
        .isInstanceOfSatisfying(
            dev.cita.scheduling.ProviderException.class,
            e -> assertThat(e.isRetryable()).isFalse());
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void tenantsAndResourcesWithoutCalComGetNoCalComOutboxEntries() {
    ResourceId beto =
        ResourceId.of("dr-beto"); // a resource of the branch that Cal.com does not keep
    Schedule weekdays =
        Schedule.builder(Fixtures.SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build();
    schedules.saveSchedule(BRANCH, beto, weekdays);
    schedules.saveAppointmentType(
        Fixtures.OTHER_BRANCH,
        AppointmentType.builder(CONSULT.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(Fixtures.OTHER_BRANCH, ANA, weekdays);
    Attendee eva = Attendee.builder("Eva").email("eva@example.com").build();

    Appointment mapped = book("Ana", WED_10);
    Appointment unmapped =
        service.book(BookingRequest.builder(BRANCH, beto, CONSULT, WED_10, eva).build());
    Appointment otherTenant =
        service.book(
            BookingRequest.builder(Fixtures.OTHER_BRANCH, ANA, CONSULT, WED_10, eva).build());
    service.cancel(BRANCH, unmapped.id());
    service.cancel(Fixtures.OTHER_BRANCH, otherTenant.id());
    worker("node-1", calcom).drain(Duration.ofSeconds(5));

    assertThat(calcom.covers(BRANCH, ANA)).isTrue();
    assertThat(calcom.covers(BRANCH, beto)).isFalse();
    assertThat(calcom.covers(Fixtures.OTHER_BRANCH, ANA)).isFalse();
    assertThat(store.outbox().entries(BRANCH))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.appointmentId()).isEqualTo(mapped.id());
              assertThat(e.status()).isEqualTo(OutboxStatus.DONE);
            });
    assertThat(store.outbox().entries(Fixtures.OTHER_BRANCH)).isEmpty();
    assertThat(writesOf(mapped.id().value())).containsExactly("create");
    assertThat(fake.writes()).hasSize(1);
  }

  @Test
  void busyTimeOfATenantWithoutCalComIsNotReadFromTheCalComCache() {
    schedules.saveAppointmentType(
        Fixtures.OTHER_BRANCH,
        AppointmentType.builder(CONSULT.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(
        Fixtures.OTHER_BRANCH,
        ANA,
        Schedule.builder(Fixtures.SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    TimeInterval wednesday =
        TimeInterval.of(Instant.parse("2026-03-04T00:00:00Z"), Duration.ofDays(1));
    // Stale data under a tenant Cal.com does not serve (it would block 10:00 if it were read).
    calcom
        .busyCache()
        .replaceWindow(
            Fixtures.OTHER_BRANCH,
            ANA,
            wednesday,
            java.util.Map.of("stale", TimeInterval.of(WED_10, Duration.ofMinutes(30))),
            NOW);

    Appointment booked =
        service.book(
            BookingRequest.builder(
                    Fixtures.OTHER_BRANCH,
                    ANA,
                    CONSULT,
                    WED_10,
                    Attendee.builder("Eva").email("eva@example.com").build())
                .build());

    assertThat(booked.start()).isEqualTo(WED_10);
  }

  /** Thrown where a process would have died. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash after the remote write");
    }
  }

  /** Lets the first write reach Cal.com, then "dies" before the worker can record it. */
  private static final class CrashAfterRemoteWrite implements CalendarProvider {
    private final CalendarProvider delegate;
    private final AtomicBoolean crashed;

    CrashAfterRemoteWrite(CalendarProvider delegate, AtomicBoolean crashed) {
      this.delegate = delegate;
      this.crashed = crashed;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public List<TimeInterval> busy(
        dev.cita.scheduling.model.TenantId t,
        dev.cita.scheduling.model.ResourceId r,
        TimeInterval range) {
      return delegate.busy(t, r, range);
    }

    @Override
    public String createEvent(Appointment appointment) {
      delegate.createEvent(appointment);
      throw crash();
    }

    @Override
    public void updateEvent(Appointment appointment, String externalId) {
      delegate.updateEvent(appointment, externalId);
      throw crash();
    }

    @Override
    public void cancelEvent(Appointment appointment, String externalId) {
      delegate.cancelEvent(appointment, externalId);
      throw crash();
    }

    private SimulatedCrash crash() {
      crashed.set(true);
      return new SimulatedCrash();
    }
  }
}
