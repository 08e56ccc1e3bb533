package dev.cita.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.ConflictCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void referenceScenarioHasTheAdvertisedSize() {
    Scenario reference = Scenario.reference();
    assertThat(reference.members()).hasSize(100);
    assertThat(reference.bookingCount()).isEqualTo(10_000);
    assertThat(reference.busyCount()).isEqualTo(10_000);
    assertThat(reference.to()).isEqualTo(reference.from().plusDays(59));
    // The March DST change of America/New_York falls inside the range.
    Instant change =
        ZoneId.of("America/New_York")
            .getRules()
            .nextTransition(reference.from().atStartOfDay(Scenario.ZONE).toInstant())
            .getInstant();
    assertThat(change).isBefore(reference.to().atStartOfDay(Scenario.ZONE).toInstant());
  }

  @Test
  void engineAndBaselineAgreeOnASmallTeam() {
    Scenario small = Scenario.of(5, 20, 200, 200);
    List<TimeSlot> anyOf =
        AvailabilityBenchmark.run(SlotEngine.create(), small, AvailabilityBenchmark.Query.ANY_OF);
    List<TimeSlot> allOf =
        AvailabilityBenchmark.run(SlotEngine.create(), small, AvailabilityBenchmark.Query.ALL_OF);

    assertThat(anyOf).isNotEmpty().isEqualTo(NaiveBaseline.run(small, false));
    assertThat(allOf).isNotEmpty().isEqualTo(NaiveBaseline.run(small, true));
    assertThat(allOf.size()).isLessThan(anyOf.size());
  }

  @Test
  void doubleBookingsAreCounted() {
    Scenario one = Scenario.of(1, 5, 0, 0);
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    Appointment first = Scenario.of(1, 5, 1, 0).bookings().get(0).get(0);
    Appointment overlapping =
        first.toBuilder()
            .id(dev.cita.scheduling.model.AppointmentId.of("twin"))
            .start(first.start().plus(Duration.ofMinutes(10)))
            .end(first.end().plus(Duration.ofMinutes(10)))
            .build();
    store.insert(first, ConflictCheck.none());
    Instant from = first.start().minus(Duration.ofDays(1));
    Instant to = first.end().plus(Duration.ofDays(1));
    List<dev.cita.scheduling.model.ResourceId> resources = List.of(one.members().get(0).resource());

    assertThat(DoubleBookings.count(store, Scenario.TENANT, resources, from, to)).isZero();
    store.insert(overlapping, ConflictCheck.none());
    assertThat(DoubleBookings.count(store, Scenario.TENANT, resources, from, to)).isEqualTo(1);
  }
}
