package dev.cita.benchmarks;

import dev.cita.scheduling.availability.NaiveSlotEngine;
import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obvious way to find slots: for every grid candidate of every member, check every busy
 * interval (with java.time conversions per candidate), then combine members through a sorted map.
 * The per-member part is the core's test oracle, {@link NaiveSlotEngine}, which the property tests
 * prove gives the engine's results.
 */
final class NaiveBaseline {
  private NaiveBaseline() {}

  static List<TimeSlot> run(Scenario data, boolean allOf) {
    List<ResourceAvailability> members = data.members();
    Map<Instant, List<TimeSlot>> byStart = new TreeMap<>();
    for (ResourceAvailability member : members) {
      for (TimeSlot slot :
          NaiveSlotEngine.slots(member, Scenario.TYPE, data.from(), data.to(), Scenario.NOW)) {
        byStart.computeIfAbsent(slot.start(), s -> new ArrayList<>()).add(slot);
      }
    }
    List<TimeSlot> out = new ArrayList<>();
    for (List<TimeSlot> same : byStart.values()) {
      if (allOf && same.size() < members.size()) {
        continue;
      }
      List<ResourceId> free = new ArrayList<>();
      int seats = allOf ? Integer.MAX_VALUE : 0;
      for (TimeSlot s : same) {
        free.addAll(s.resources());
        seats = allOf ? Math.min(seats, s.remainingSeats()) : Math.max(seats, s.remainingSeats());
      }
      out.add(new TimeSlot(same.get(0).start(), same.get(0).end(), seats, free));
    }
    return out;
  }
}
