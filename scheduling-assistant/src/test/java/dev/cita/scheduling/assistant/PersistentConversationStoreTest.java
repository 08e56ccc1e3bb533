package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ANA;
import static dev.cita.scheduling.assistant.AssistantFixture.CONSULT;
import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.assistant.AssistantFixture.SANTIAGO;
import static dev.cita.scheduling.assistant.AssistantFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryConversationStateStore;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PersistentConversationStore}: every {@link ConversationState} survives the JSON round
 * trip, conversations expire after their time to live, one that no longer decodes starts over
 * without the phone in the log, and two assistants ("two app nodes") sharing one state store carry
 * one dialogue between them.
 */
class PersistentConversationStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00.123456789Z");
  private static final TimeSlot NINE =
      new TimeSlot(
          Instant.parse("2026-03-03T12:00:00Z"),
          Instant.parse("2026-03-03T12:30:00Z"),
          1,
          List.of(ANA));
  private static final TimeSlot TEAM_SLOT =
      new TimeSlot(
          Instant.parse("2026-03-03T12:30:00Z"),
          Instant.parse("2026-03-03T13:15:00Z"),
          3,
          List.of(ANA, ResourceId.of("box-2")));
  private static final When EVERYTHING =
      new When(
          Optional.of(LocalDate.of(2026, 3, 3)),
          Optional.of(LocalTime.of(9, 30)),
          Optional.of(PartOfDay.MORNING));
  private static final When ONLY_PART =
      new When(Optional.empty(), Optional.empty(), Optional.of(PartOfDay.EVENING));
  private static final AppointmentId BOOKED = AppointmentId.of("6f1c1a9e-booked");

  private final AssistantFixture.MutableClock clock = new AssistantFixture.MutableClock(NOW);
  private final InMemoryConversationStateStore states = new InMemoryConversationStateStore();
  private final PersistentConversationStore store =
      PersistentConversationStore.builder(states)
          .clock(clock)
          .timeToLive(Duration.ofDays(7))
          .build();

  /** One sample of every state, with every optional part present in at least one of them. */
  static List<ConversationState> everyState() {
    return List.of(
        new ConversationState.Idle(),
        new ConversationState.Offered(List.of(NINE, TEAM_SLOT), EVERYTHING),
        new ConversationState.Offered(List.of(), When.ANY),
        new ConversationState.AwaitingConfirmation(TEAM_SLOT, ONLY_PART),
        new ConversationState.AwaitingCancelConfirmation(BOOKED),
        new ConversationState.Rescheduling(
            BOOKED, List.of(NINE), When.on(LocalDate.of(2026, 3, 4))),
        new ConversationState.AwaitingRescheduleConfirmation(
            BOOKED, NINE, When.at(LocalDate.of(2026, 3, 5), LocalTime.of(11, 0))),
        new ConversationState.Choosing(
            ConversationState.Dimension.PROFESSIONAL,
            List.of("vale", ConversationState.Choosing.ANYONE),
            EVERYTHING),
        new ConversationState.Picking(
            ConversationState.Action.MOVE,
            List.of(BOOKED, AppointmentId.of("other")),
            When.on(LocalDate.of(2026, 3, 6))));
  }

  @Test
  void aSelectionSurvivesTheRoundTrip() {
    Conversation conversation =
        Conversation.start(ES, NOW)
            .withSelection(
                new Selection("nunoa", AppointmentTypeId.of("kine"), ResourceId.of("vale"), false))
            .with(new ConversationState.Idle());
    Conversation anyone = Conversation.start(ES, NOW).withSelection(Selection.NONE.withAnyone());

    store.save(TENANT, PHONE, conversation);
    store.save(TENANT, "+56900000001", anyone);

    assertThat(store.find(TENANT, PHONE)).contains(conversation);
    assertThat(store.find(TENANT, "+56900000001")).contains(anyone);
  }

  @Test
  void theSamplesCoverEveryKindOfState() {
    Set<Class<?>> sampled = everyState().stream().map(Object::getClass).collect(Collectors.toSet());

    assertThat(sampled).containsExactlyInAnyOrder(ConversationState.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("everyState")
  void everyStateSurvivesTheRoundTrip(ConversationState state) {
    Conversation conversation =
        new Conversation(
            state,
            List.of(BOOKED, AppointmentId.of("second")),
            Locale.forLanguageTag("es-CL"),
            "0f8e9a2b7c6d4e5f8a9b0c1d2e3f4a5b",
            NOW.minusSeconds(30));

    store.save(TENANT, PHONE, conversation);

    assertThat(store.find(TENANT, PHONE)).contains(conversation);
  }

  @Test
  void theStoredBytesAreVersionedJsonWithoutThePhone() {
    store.save(
        TENANT,
        PHONE,
        Conversation.start(ES, NOW)
            .with(new ConversationState.AwaitingConfirmation(NINE, When.ANY)));

    String json =
        new String(states.find(TENANT, PHONE, NOW).orElseThrow().state(), StandardCharsets.UTF_8);

    assertThat(json)
        .startsWith("{\"format\":2,")
        .contains("\"type\":\"awaitingConfirmation\"")
        .contains("\"start\":\"2026-03-03T12:00:00Z\"")
        .doesNotContain("56912345678");
  }

  /** Issue 14: the proposal id is what keys a booking; it must survive the store exactly. */
  @Test
  void theProposalIdRoundTripsAndEveryNewProposalGetsANewOne() {
    Conversation started =
        Conversation.start(ES, NOW)
            .with(new ConversationState.AwaitingConfirmation(NINE, When.ANY));
    store.save(TENANT, PHONE, started);
    Conversation read = store.find(TENANT, PHONE).orElseThrow();

    assertThat(read.proposal()).isEqualTo(started.proposal()).matches("[0-9a-f]{32}");
    assertThat(read.nextProposal().proposal()).isNotEqualTo(read.proposal());
  }

  /**
   * Conversations written before format 2 kept a counter: it is read as text, so a pending key
   * stays the same.
   */
  @Test
  void aFormatOneConversationWithANumericProposalStillDecodes() {
    states.save(
        TENANT,
        PHONE,
        bytes(
            "{\"format\":1,\"state\":{\"type\":\"idle\"},\"appointments\":[\"a-1\"],"
                + "\"language\":\"es\",\"proposal\":1772452800123,\"updatedAt\":\"2026-03-02T12:00:00Z\"}"),
        NOW,
        NOW.plusSeconds(60));

    Conversation read = store.find(TENANT, PHONE).orElseThrow();

    assertThat(read.proposal()).isEqualTo("1772452800123");
    assertThat(read.appointments()).containsExactly(AppointmentId.of("a-1"));
  }

  @Test
  void aConversationExpiresItsTimeToLiveAfterItsLastSave() {
    store.save(TENANT, PHONE, Conversation.start(ES, NOW));
    clock.advance(Duration.ofDays(6));
    store.save(
        TENANT,
        PHONE,
        Conversation.start(ES, NOW).with(new ConversationState.AwaitingCancelConfirmation(BOOKED)));

    clock.advance(Duration.ofDays(7).minusMillis(1));
    assertThat(store.find(TENANT, PHONE)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.find(TENANT, PHONE)).isEmpty();
    assertThat(states.purgeExpired(clock.instant())).isEqualTo(1);
  }

  @Test
  void tenantsAndCustomersAreSeparateAndForgetErasesOne() {
    Conversation norte = Conversation.start(ES, NOW);
    Conversation english = Conversation.start(Locale.ENGLISH, NOW);
    store.save(TENANT, PHONE, norte);
    store.save(TenantId.of("clinica-sur"), PHONE, english);

    assertThat(store.forget(TENANT, PHONE)).isTrue();

    assertThat(store.find(TENANT, PHONE)).isEmpty();
    assertThat(store.find(TenantId.of("clinica-sur"), PHONE)).contains(english);
    assertThat(store.forget(TENANT, PHONE)).isFalse();
  }

  @Test
  void aConversationThatNoLongerDecodesStartsOverAndTheLogShowsNoPhone() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Optional<Conversation> unknownFormat;
    Optional<Conversation> damaged;
    Optional<Conversation> badValue;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      states.save(
          TENANT,
          PHONE,
          bytes("{\"format\":3,\"state\":{\"type\":\"idle\"}}"),
          NOW,
          NOW.plusSeconds(60));
      unknownFormat = store.find(TENANT, PHONE);
      states.save(TENANT, PHONE, bytes("{not json +56912345678"), NOW, NOW.plusSeconds(60));
      damaged = store.find(TENANT, PHONE);
      String unknownType =
          new String(ConversationJson.write(Conversation.start(ES, NOW)), StandardCharsets.UTF_8)
              .replace("\"idle\"", "\"teleporting\"");
      states.save(TENANT, PHONE, bytes(unknownType), NOW, NOW.plusSeconds(60));
      badValue = store.find(TENANT, PHONE);
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    originalErr.print(log);

    assertThat(unknownFormat).isEmpty();
    assertThat(damaged).isEmpty();
    assertThat(badValue).isEmpty();
    assertThat(log)
        .contains("does not decode")
        .contains("clinica-norte")
        .contains("678")
        .doesNotContain("56912345678")
        .doesNotContain("5691234");
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> PersistentConversationStore.builder(states).timeToLive(Duration.ZERO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeToLive"));
    assertThatThrownBy(() -> store.save(TENANT, " ", Conversation.start(ES, NOW)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("customerPhone"));
    assertThat(states.size()).isZero();
  }

  @Test
  void twoAssistantsSharingOneStateStoreCarryOneDialogueBetweenThem() {
    AssistantFixture fixture = new AssistantFixture();
    BookingAssistant nodeA = nodeOver(fixture);
    BookingAssistant nodeB = nodeOver(fixture);

    Reply offer = nodeA.handle(TENANT, PHONE, "María", "mañana", ES);
    Reply proposal = nodeB.handle(TENANT, PHONE, "María", "2", ES);
    Reply done = nodeA.handle(TENANT, PHONE, "María", "sí", ES);

    assertThat(offer.text()).contains("1) martes 3 a las 09:00");
    assertThat(proposal.text()).contains("¿Confirmas tu hora para el martes 3 a las 09:30?");
    assertThat(done.text()).contains("¡Listo!");
    assertThat(fixture.holding()).containsExactly("2026-03-03T09:30");
    assertThat(fixture.conversations.size())
        .as("the fixture's own in-memory store was not used")
        .isZero();
  }

  private BookingAssistant nodeOver(AssistantFixture fixture) {
    return BookingAssistant.builder(fixture.service)
        .clock(fixture.clock)
        .conversationStore(PersistentConversationStore.builder(states).clock(fixture.clock).build())
        .tenant(TENANT, TenantBookingConfig.forResource(ANA, CONSULT.id(), SANTIAGO))
        .maxOptions(3)
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
