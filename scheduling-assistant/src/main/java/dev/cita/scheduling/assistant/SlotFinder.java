package dev.cita.scheduling.assistant;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Picks the times to offer for a {@link When}: the exact time if it is free; else the nearest ones
 * that day; else the first later day with free times (nearest to the asked time); with no date, the
 * first free times from today. Parts of the day filter every step. One {@link
 * BookingService#findSlots} call per search.
 */
final class SlotFinder {
  /** How many days after the first one a search looks at. */
  static final int SEARCH_DAYS = 14;

  /** What kind of answer an offer is, which decides how it is worded. */
  enum Kind {
    /** The exact time asked for is free: one slot. */
    EXACT,
    /** The asked time is taken; the nearest that day. */
    NEAREST_SAME_DAY,
    /** Nothing fits the asked day; the nearest on a later day. */
    OTHER_DAYS,
    /** Free times matching what was asked (no exact time was asked). */
    AS_ASKED,
    /** Nothing free. */
    NONE
  }

  /** The slots to offer, sorted by start, and what kind of answer they are. */
  record Offer(List<TimeSlot> slots, Kind kind) {}

  private final BookingService service;
  private final int maxOptions;

  SlotFinder(BookingService service, int maxOptions) {
    this.service = service;
    this.maxOptions = maxOptions;
  }

  Offer find(
      TenantId tenant,
      List<ResourceId> resources,
      AppointmentTypeId type,
      ZoneId zone,
      When when,
      ZonedDateTime now) {
    LocalDate today = now.toLocalDate();
    LocalDate first = when.date().filter(d -> !d.isBefore(today)).orElse(today);
    SlotQuery query = SlotQuery.anyOf(tenant, resources, type, first, first.plusDays(SEARCH_DAYS));
    TreeMap<LocalDate, List<TimeSlot>> byDay = new TreeMap<>();
    for (TimeSlot slot : service.findSlots(query)) {
      ZonedDateTime local = slot.start().atZone(zone);
      if (when.fitsPartOfDay(local.toLocalTime())) {
        byDay.computeIfAbsent(local.toLocalDate(), d -> new ArrayList<>()).add(slot);
      }
    }
    Optional<LocalTime> time = when.time();
    if (time.isPresent()) {
      for (Map.Entry<LocalDate, List<TimeSlot>> day : byDay.entrySet()) {
        if (when.date().isPresent() && !day.getKey().equals(first)) {
          break;
        }
        for (TimeSlot s : day.getValue()) {
          if (s.start().atZone(zone).toLocalTime().equals(time.get())) {
            return new Offer(List.of(s), Kind.EXACT);
          }
        }
      }
    }
    if (byDay.isEmpty()) {
      return new Offer(List.of(), Kind.NONE);
    }
    Map.Entry<LocalDate, List<TimeSlot>> day = byDay.firstEntry();
    boolean sameDay = when.date().isEmpty() || day.getKey().equals(first);
    List<TimeSlot> slots =
        time.isPresent() ? nearest(day.getValue(), time.get(), zone) : day.getValue();
    if (time.isEmpty() && when.date().isEmpty()) {
      slots = byDay.values().stream().flatMap(List::stream).toList();
    }
    slots = slots.subList(0, Math.min(maxOptions, slots.size()));
    Kind kind =
        !sameDay ? Kind.OTHER_DAYS : time.isPresent() ? Kind.NEAREST_SAME_DAY : Kind.AS_ASKED;
    return new Offer(slots, kind);
  }

  /** The {@code maxOptions} slots nearest to the local time, back in chronological order. */
  private List<TimeSlot> nearest(List<TimeSlot> day, LocalTime time, ZoneId zone) {
    Comparator<TimeSlot> byDistance =
        Comparator.comparing(
            s -> Duration.between(time, s.start().atZone(zone).toLocalTime()).abs());
    return day.stream()
        .sorted(byDistance.thenComparing(TimeSlot::start))
        .limit(maxOptions)
        .sorted(Comparator.comparing(TimeSlot::start))
        .toList();
  }
}
