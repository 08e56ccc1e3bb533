package dev.cita.examples.clinic;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AppointmentDetails;
import dev.cita.scheduling.notify.AppointmentDetailsSource;
import dev.cita.scheduling.spring.ReminderTenants;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans the demo adds to the starter's: its clock, the web chat as a notification channel, the
 * branch, address and professional shown in notices, and the branches that get reminders (those
 * added later included).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClinicProperties.class)
public class ClinicConfiguration {

  /**
   * {@return the clock: the system's, or one running from {@code clinic.clock-start}}
   *
   * @param properties the demo's settings
   */
  @Bean
  public Clock clinicClock(ClinicProperties properties) {
    Clock system = Clock.systemUTC();
    if (properties.getClockStart() == null) {
      return system;
    }
    return Clock.offset(system, Duration.between(system.instant(), properties.getClockStart()));
  }

  /**
   * {@return the web chat as a notification channel}
   *
   * @param log the chats
   */
  @Bean
  public ChatChannel chatChannel(ChatLog log) {
    return new ChatChannel(log);
  }

  /**
   * {@return the branch, address and professional of an appointment, for the notices}
   *
   * @param directory the chain's records
   */
  @Bean
  public AppointmentDetailsSource clinicDetails(Directory directory) {
    return appointment -> {
      AppointmentDetails.Builder details = AppointmentDetails.builder();
      directory
          .branch(appointment.tenant().value())
          .ifPresent(b -> details.branchName(b.name()).address(b.address()));
      directory.professionals().stream()
          .filter(p -> p.id().equals(appointment.resource().value()))
          .findFirst()
          .ifPresent(p -> details.professionalName(p.name()));
      return details.build();
    };
  }

  /**
   * {@return every branch, those added later included, for the starter's reminder scheduler}
   *
   * @param directory the chain's records
   */
  @Bean
  public ReminderTenants clinicReminderTenants(Directory directory) {
    return () -> directory.branches().stream().map(b -> TenantId.of(b.id())).toList();
  }
}
