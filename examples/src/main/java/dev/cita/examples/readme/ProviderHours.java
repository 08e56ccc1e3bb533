package dev.cita.examples.readme;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.calcom.CalComCalendarProvider;
import dev.cita.scheduling.calcom.CalComClient;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.sync.BusyRefresher;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** A branch whose working hours live in its Cal.com: Cita offers only the slots Cal.com offers. */
public class ProviderHours {
  /** Starts keeping the branches' Cal.com hours fresh; stop the refresher on shutdown. */
  public static BusyRefresher keepHoursFresh(
      ScheduleStore schedules,
      TenantId tenant,
      CalComCalendarProvider calcom, // registered with the BookingService: found as the source
      Supplier<List<TenantId>> calcomTenantIds) {
    schedules.saveSchedule(
        tenant,
        ResourceId.of("dra-ana"),
        Schedule.builder("America/Santiago")
            .hoursFrom(CalComClient.PROVIDER) // no weekly hours of its own; time off still applies
            .build());
    BusyRefresher hours =
        calcom.availabilityRefresher(calcomTenantIds).horizon(Duration.ofDays(60)).build();
    hours.start();
    return hours;
  }
}
