package dev.cita.scheduling.spring;

import dev.cita.scheduling.health.HealthChecks;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.micrometer.CitaMetrics;
import dev.cita.scheduling.observe.Observer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health from Cita's {@link HealthChecks} when Spring Boot's health module is present, and
 * Cita's meters ({@link CitaMetrics}) when scheduling-micrometer is present and a {@link
 * MeterRegistry} bean exists: its {@link Observer} then reaches every Cita bean.
 */
@AutoConfiguration(
    after = CitaAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
public class CitaObservabilityAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaObservabilityAutoConfiguration() {}

  /** The health indicator, named {@code cita}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnBean(HealthChecks.class)
  public static class Health {
    /** Creates the configuration; Spring calls it. */
    public Health() {}

    /**
     * {@return the indicator}
     *
     * @param checks Cita's health checks
     */
    @Bean
    @ConditionalOnMissingBean(name = "citaHealthIndicator")
    public CitaHealthIndicator citaHealthIndicator(HealthChecks checks) {
      return new CitaHealthIndicator(checks);
    }
  }

  /** Cita's meters and the observer that records them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CitaMetrics.class, MeterRegistry.class})
  @ConditionalOnBean({MeterRegistry.class, JdbcStores.class})
  public static class Metrics {
    /** Creates the configuration; Spring calls it. */
    public Metrics() {}

    /**
     * {@return Cita's meters, bound to the registry, with gauges over the outbox and the
     * connections}
     *
     * @param registry the meter registry
     * @param stores the stores the gauges read
     * @param clock the clock
     */
    @Bean
    @ConditionalOnMissingBean
    public CitaMetrics citaMetrics(
        MeterRegistry registry, JdbcStores stores, java.time.Clock clock) {
      return CitaMetrics.builder(registry)
          .outboxStore(stores.outbox())
          .connectionStatusStore(stores.connectionStatuses())
          .clock(clock)
          .bind();
    }

    /**
     * {@return the observer every auto-configured Cita bean reports to}
     *
     * @param metrics the meters
     */
    @Bean
    @ConditionalOnMissingBean
    public Observer citaObserver(CitaMetrics metrics) {
      return metrics.observer();
    }
  }
}
