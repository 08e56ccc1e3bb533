package dev.cita.scheduling.assistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a {@link Conversation}: UTF-8 JSON through private DTOs with a format number,
 * so the stored shape does not change when the Java records do. Instants, dates and times are
 * ISO-8601 text; unknown fields are ignored. It holds no phone number or name: the customer is the
 * row's key, not part of the body.
 */
final class ConversationJson {
  /**
   * The format written; a reader refuses formats it does not know. Format 2 stores the proposal as
   * a random id (text); format 1, still read, stored a counter (a number, read as its decimal text,
   * so a proposal pending across an upgrade keeps its booking key).
   */
  static final int FORMAT = 2;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private ConversationJson() {}

  private record ConversationDto(
      int format,
      StateDto state,
      List<String> appointments,
      String language,
      String proposal,
      String updatedAt,
      @Nullable SelectionDto selection) {}

  private record SelectionDto(
      @Nullable String branch,
      @Nullable String service,
      @Nullable String professional,
      boolean anyone) {}

  /** One of the {@link ConversationState} records; fields a type does not have are absent. */
  private record StateDto(
      String type,
      @Nullable List<SlotDto> slots,
      @Nullable SlotDto slot,
      @Nullable String appointment,
      @Nullable WhenDto request,
      @Nullable String choice,
      @Nullable List<String> options) {
    StateDto(
        String type,
        @Nullable List<SlotDto> slots,
        @Nullable SlotDto slot,
        @Nullable String appointment,
        @Nullable WhenDto request) {
      this(type, slots, slot, appointment, request, null, null);
    }
  }

  private record SlotDto(String start, String end, int remainingSeats, List<String> resources) {}

  private record WhenDto(
      @Nullable String date, @Nullable String time, @Nullable String partOfDay) {}

  static byte[] write(Conversation c) {
    ConversationDto dto =
        new ConversationDto(
            FORMAT,
            state(c.state()),
            c.appointments().stream().map(AppointmentId::value).toList(),
            c.language().toLanguageTag(),
            c.proposal(),
            c.updatedAt().toString(),
            c.selection().equals(Selection.NONE) ? null : selection(c.selection()));
    try {
      return MAPPER.writeValueAsBytes(dto);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a conversation as JSON", e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IOException if the bytes are not such JSON, or their format is unknown
   * @throws RuntimeException (a {@code ValidationException} or a parse error) if a value is invalid
   */
  static Conversation read(byte[] json) throws IOException {
    ConversationDto dto = MAPPER.readValue(json, ConversationDto.class);
    if (dto.format() != FORMAT && dto.format() != 1) {
      throw new IOException("unknown conversation format " + dto.format());
    }
    if (dto.state() == null
        || dto.appointments() == null
        || dto.language() == null
        || dto.updatedAt() == null
        || dto.proposal() == null) {
      throw new IOException(
          "conversation JSON lacks state, appointments, language, proposal or updatedAt");
    }
    return new Conversation(
        state(dto.state()),
        dto.appointments().stream().map(AppointmentId::of).toList(),
        Locale.forLanguageTag(dto.language()),
        dto.proposal(),
        Instant.parse(dto.updatedAt()),
        selection(dto.selection()));
  }

  private static SelectionDto selection(Selection s) {
    return new SelectionDto(
        s.branch(),
        s.service() == null ? null : s.service().value(),
        s.professional() == null ? null : s.professional().value(),
        s.anyone());
  }

  private static Selection selection(@Nullable SelectionDto d) {
    if (d == null) {
      return Selection.NONE;
    }
    return new Selection(
        d.branch(),
        d.service() == null ? null : AppointmentTypeId.of(d.service()),
        d.professional() == null ? null : ResourceId.of(d.professional()),
        d.anyone());
  }

  private static StateDto state(ConversationState s) {
    if (s instanceof ConversationState.Idle) {
      return new StateDto("idle", null, null, null, null);
    }
    if (s instanceof ConversationState.Offered o) {
      return new StateDto("offered", slotDtos(o.slots()), null, null, when(o.request()));
    }
    if (s instanceof ConversationState.AwaitingConfirmation a) {
      return new StateDto("awaitingConfirmation", null, slot(a.slot()), null, when(a.request()));
    }
    if (s instanceof ConversationState.AwaitingCancelConfirmation a) {
      return new StateDto("awaitingCancelConfirmation", null, null, a.appointment().value(), null);
    }
    if (s instanceof ConversationState.Rescheduling r) {
      return new StateDto(
          "rescheduling", slotDtos(r.slots()), null, r.appointment().value(), when(r.request()));
    }
    if (s instanceof ConversationState.AwaitingRescheduleConfirmation a) {
      return new StateDto(
          "awaitingRescheduleConfirmation",
          null,
          slot(a.slot()),
          a.appointment().value(),
          when(a.request()));
    }
    if (s instanceof ConversationState.Choosing c) {
      return new StateDto(
          "choosing", null, null, null, when(c.request()), c.dimension().name(), c.options());
    }
    if (s instanceof ConversationState.Picking p) {
      return new StateDto(
          "picking",
          null,
          null,
          null,
          when(p.request()),
          p.action().name(),
          p.appointments().stream().map(AppointmentId::value).toList());
    }
    throw new IllegalStateException(
        "no JSON form for conversation state " + s.getClass().getName());
  }

  private static ConversationState state(StateDto d) throws IOException {
    String type = String.valueOf(d.type());
    switch (type) {
      case "idle":
        return new ConversationState.Idle();
      case "offered":
        return new ConversationState.Offered(timeSlots(d.slots()), when(d.request()));
      case "awaitingConfirmation":
        return new ConversationState.AwaitingConfirmation(slot(d.slot()), when(d.request()));
      case "awaitingCancelConfirmation":
        return new ConversationState.AwaitingCancelConfirmation(appointment(d));
      case "rescheduling":
        return new ConversationState.Rescheduling(
            appointment(d), timeSlots(d.slots()), when(d.request()));
      case "awaitingRescheduleConfirmation":
        return new ConversationState.AwaitingRescheduleConfirmation(
            appointment(d), slot(d.slot()), when(d.request()));
      case "choosing":
        return new ConversationState.Choosing(
            ConversationState.Dimension.valueOf(String.valueOf(d.choice())),
            options(d),
            when(d.request()));
      case "picking":
        return new ConversationState.Picking(
            ConversationState.Action.valueOf(String.valueOf(d.choice())),
            options(d).stream().map(AppointmentId::of).toList(),
            when(d.request()));
      default:
        throw new IOException("unknown conversation state type '" + type + "'");
    }
  }

  private static List<String> options(StateDto d) throws IOException {
    if (d.options() == null) {
      throw new IOException("conversation state lacks its options");
    }
    return d.options();
  }

  private static List<SlotDto> slotDtos(List<TimeSlot> slots) {
    return slots.stream().map(ConversationJson::slot).toList();
  }

  private static AppointmentId appointment(StateDto d) throws IOException {
    if (d.appointment() == null) {
      throw new IOException("conversation state lacks its appointment");
    }
    return AppointmentId.of(d.appointment());
  }

  private static List<TimeSlot> timeSlots(@Nullable List<SlotDto> slots) throws IOException {
    if (slots == null) {
      throw new IOException("conversation state lacks its slots");
    }
    return slots.stream().map(ConversationJson::slot).toList();
  }

  private static SlotDto slot(TimeSlot s) {
    return new SlotDto(
        s.start().toString(),
        s.end().toString(),
        s.remainingSeats(),
        s.resources().stream().map(ResourceId::value).toList());
  }

  private static TimeSlot slot(@Nullable SlotDto d) {
    if (d == null || d.resources() == null) {
      throw new IllegalArgumentException("conversation state lacks a complete slot");
    }
    return new TimeSlot(
        Instant.parse(d.start()),
        Instant.parse(d.end()),
        d.remainingSeats(),
        d.resources().stream().map(ResourceId::of).toList());
  }

  private static WhenDto when(When w) {
    return new WhenDto(
        w.date().map(LocalDate::toString).orElse(null),
        w.time().map(LocalTime::toString).orElse(null),
        w.partOfDay().map(PartOfDay::name).orElse(null));
  }

  private static When when(@Nullable WhenDto d) {
    if (d == null) {
      return When.ANY;
    }
    return new When(
        Optional.ofNullable(d.date()).map(LocalDate::parse),
        Optional.ofNullable(d.time()).map(LocalTime::parse),
        Optional.ofNullable(d.partOfDay()).map(PartOfDay::valueOf));
  }
}
