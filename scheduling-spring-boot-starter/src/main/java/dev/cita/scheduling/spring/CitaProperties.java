package dev.cita.scheduling.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code cita.*} configuration properties of the starter. */
@ConfigurationProperties("cita")
public class CitaProperties {
  private final Jdbc jdbc = new Jdbc();
  private final Web web = new Web();
  private final Workers workers = new Workers();
  private final Reminders reminders = new Reminders();
  private final HealthSettings health = new HealthSettings();

  /** Creates the properties with their defaults. */
  public CitaProperties() {}

  /** {@return the JDBC store settings} */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** {@return the web endpoint settings} */
  public Web getWeb() {
    return web;
  }

  /** {@return the worker settings} */
  public Workers getWorkers() {
    return workers;
  }

  /** {@return the reminder settings} */
  public Reminders getReminders() {
    return reminders;
  }

  /** {@return the health check settings} */
  public HealthSettings getHealth() {
    return health;
  }

  /** JDBC store settings ({@code cita.jdbc.*}). */
  public static class Jdbc {
    /** Whether to apply Cita's database migrations when the application starts. */
    private boolean migrate = true;

    /** Creates the settings with their defaults. */
    public Jdbc() {}

    /** {@return whether migrations run on start} */
    public boolean isMigrate() {
      return migrate;
    }

    /**
     * Sets whether migrations run on start.
     *
     * @param migrate false to leave the schema to the application
     */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Web endpoint settings ({@code cita.web.*}). */
  public static class Web {
    /** Path prefix of Cita's endpoints, such as the webhooks at {prefix}/webhooks/{provider}. */
    private String prefix = "/cita";

    /** Creates the settings with their defaults. */
    public Web() {}

    /** {@return the path prefix of Cita's endpoints} */
    public String getPrefix() {
      return prefix;
    }

    /**
     * Sets the path prefix of Cita's endpoints.
     *
     * @param prefix a path starting with a slash
     */
    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Worker settings ({@code cita.workers.*}). */
  public static class Workers {
    /** How long each worker may keep pushing due entries when the application shuts down. */
    private Duration drainTimeout = Duration.ofSeconds(10);

    /** Creates the settings with their defaults. */
    public Workers() {}

    /** {@return how long a worker drains on shutdown} */
    public Duration getDrainTimeout() {
      return drainTimeout;
    }

    /**
     * Sets how long a worker drains on shutdown.
     *
     * @param drainTimeout not negative; zero to stop without draining
     */
    public void setDrainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
    }
  }

  /** Reminder settings ({@code cita.reminders.*}). */
  public static class Reminders {
    /**
     * Tenants whose appointments get reminders; required when a notification channel is defined.
     */
    private List<String> tenants = new ArrayList<>();

    /** Creates the settings with their defaults. */
    public Reminders() {}

    /** {@return the tenant ids that get reminders} */
    public List<String> getTenants() {
      return tenants;
    }

    /**
     * Sets the tenant ids that get reminders.
     *
     * @param tenants tenant ids
     */
    public void setTenants(List<String> tenants) {
      this.tenants = tenants;
    }
  }

  /** Health check settings ({@code cita.health.*}). */
  public static class HealthSettings {
    /** How long the health checks together may take. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Creates the settings with their defaults. */
    public HealthSettings() {}

    /** {@return how long the health checks may take} */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets how long the health checks may take.
     *
     * @param timeout positive
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
