package dev.cita.benchmarks;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-memory booking path: {@link BookingService#book} with every rule re-checked inside the
 * store's atomic insert. Each call books a different free slot of 200 people over a year (a pool
 * found once with {@code findSlots}); the store is emptied before each iteration. After each
 * iteration the store is scanned for overlapping appointments: any double booking fails the run.
 * Run with 1 and with 16 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BookingBenchmark {
  static final int PEOPLE = 200;
  static final AppointmentType TYPE =
      AppointmentType.builder("visit", "Visit", Duration.ofMinutes(30))
          .horizon(Duration.ofDays(400))
          .build();

  private final Attendee attendee = Attendee.builder("Bench").phone("+56912345678").build();
  private InMemoryScheduleStore schedules;
  private List<ResourceId> people;
  private ResourceId[] resourceOf;
  private Instant[] startOf;
  private BookingService service;
  private InMemoryAppointmentStore store;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @Setup(Level.Trial)
  public void buildPool() {
    Scenario scenario = Scenario.of(PEOPLE, 1, 0, 0);
    schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(Scenario.TENANT, TYPE);
    people = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      people.add(scenario.members().get(i).resource());
      schedules.saveSchedule(Scenario.TENANT, people.get(i), scenario.schedules().get(i));
    }
    BookingService finder = service(new InMemoryAppointmentStore());
    List<ResourceId> resources = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    for (ResourceId r : people) {
      for (TimeSlot s :
          finder.findSlots(
              SlotQuery.forResource(
                  Scenario.TENANT,
                  r,
                  TYPE.id(),
                  Scenario.FIRST_DAY,
                  Scenario.FIRST_DAY.plusDays(364)))) {
        resources.add(r);
        starts.add(s.start());
      }
    }
    // Stride through the pool so that neighbouring calls (and so concurrent threads) mostly book
    // different people, as real traffic does; every slot is still used once.
    int n = starts.size();
    int stride = n / PEOPLE;
    resourceOf = new ResourceId[stride * PEOPLE];
    startOf = new Instant[stride * PEOPLE];
    int k = 0;
    for (int offset = 0; offset < stride; offset++) {
      for (int p = 0; p < PEOPLE; p++) {
        resourceOf[k] = resources.get(p * stride + offset);
        startOf[k] = starts.get(p * stride + offset);
        k++;
      }
    }
  }

  private BookingService service(InMemoryAppointmentStore appointments) {
    return BookingService.builder()
        .inMemoryDefaults()
        .scheduleStore(schedules)
        .appointmentStore(appointments)
        .clock(Clock.fixed(Scenario.NOW, Scenario.ZONE))
        .build();
  }

  @Setup(Level.Iteration)
  public void emptyStore() {
    store = new InMemoryAppointmentStore();
    service = service(store);
    next.set(0);
    refused.set(0);
  }

  @TearDown(Level.Iteration)
  public void countDoubleBookings() {
    int doubles =
        DoubleBookings.count(
            store,
            Scenario.TENANT,
            people,
            Scenario.FIRST_DAY.atStartOfDay(Scenario.ZONE).toInstant(),
            Scenario.FIRST_DAY.plusDays(366).atStartOfDay(Scenario.ZONE).toInstant());
    if (doubles != 0) {
      throw new IllegalStateException(doubles + " double bookings");
    }
    if (next.get() >= startOf.length) {
      throw new IllegalStateException(
          "the slot pool ran out (" + startOf.length + "); raise PEOPLE or shorten the iteration");
    }
  }

  @Benchmark
  public Appointment book() {
    int i = next.getAndIncrement();
    return service.book(
        BookingRequest.builder(Scenario.TENANT, resourceOf[i], TYPE.id(), startOf[i], attendee)
            .build());
  }
}
