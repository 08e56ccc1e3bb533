package dev.cita.scheduling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/DESIGN.md for the core: it knows no provider adapter, no HTTP library,
 * logs only through slf4j, uses no library but slf4j, the recurrence library and JSpecify's
 * annotations (the Maven enforcer's {@code lean-core} rule checks the same for the POM), and only
 * the availability package talks to the recurrence library. Each rule is also run against a small
 * class that breaks it, to prove the rule can fail.
 */
class ArchitectureTest {
  private static final String CORE = "dev.cita.scheduling..";
  private static final String[] ADAPTERS = {
    "dev.cita.scheduling.google..", "dev.cita.scheduling.calendly..",
        "dev.cita.scheduling.calcom..",
    "dev.cita.scheduling.whatsapp..", "dev.cita.scheduling.http..", "dev.cita.scheduling.jdbc..",
    "dev.cita.scheduling.tokens.."
  };

  /**
   * All the core may use: the JDK (with its HMAC), itself, its two compile dependencies and
   * JSpecify's nullness annotations.
   */
  private static final String[] CORE_MAY_USE = {
    "java..",
    "javax.crypto..",
    "dev.cita.scheduling..",
    "org.slf4j..",
    "org.dmfs..",
    "org.jspecify.annotations.."
  };

  private static final String[] HTTP_CLIENTS = {
    "okhttp3..",
    "com.squareup..",
    "java.net.http..",
    "org.apache.http..",
    "org.apache.hc..",
    "com.google.api.client..",
    "retrofit2.."
  };
  private static final String[] OTHER_LOGGING = {
    "java.util.logging..",
    "org.apache.log4j..",
    "org.apache.logging.log4j..",
    "org.apache.commons.logging..",
    "ch.qos.logback.."
  };

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.cita.scheduling");
  }

  static final ArchRule CORE_KNOWS_NO_ADAPTER =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .and()
          .resideOutsideOfPackages(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS)
          .allowEmptyShould(false)
          .because("the core knows no provider; adapters depend on the core, never the reverse");

  static final ArchRule CORE_USES_NO_HTTP_CLIENT =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP_CLIENTS)
          .allowEmptyShould(false)
          .because("the core knows no HTTP library; network code lives in the adapters");

  static final ArchRule CORE_LOGS_ONLY_THROUGH_SLF4J =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(OTHER_LOGGING)
          .allowEmptyShould(false)
          .because("a library logs through slf4j and lets the application choose the backend");

  static final ArchRule CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY =
      classes()
          .that()
          .resideInAPackage(CORE)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(CORE_MAY_USE)
          .allowEmptyShould(false)
          .because(
              "a user who wants only slots and bookings gets slf4j, the recurrence library and"
                  + " JSpecify's nullness annotations;"
                  + " token encryption (Tink, Jackson) lives in scheduling-tokens,"
                  + " JSON and HTTP in the adapters");

  static final ArchRule RECURRENCE_LIBRARY_ONLY_IN_AVAILABILITY =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .and()
          .resideOutsideOfPackage("dev.cita.scheduling.availability..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.dmfs..")
          .allowEmptyShould(false)
          .because("RRULE expansion is an implementation detail of the availability package");

  @Test
  void classesWereImported() {
    assertThat(core.contain(BookingService.class)).isTrue();
    assertThat(core.contain("dev.cita.scheduling.availability.SlotEngine")).isTrue();
    assertThat(core.contain("dev.cita.scheduling.memory.InMemoryAppointmentStore")).isTrue();
    assertThat(core.size()).isGreaterThan(30);
    assertThat(core.stream().map(JavaClass::getName))
        .as("test classes are excluded")
        .noneMatch(name -> name.endsWith("Test") || name.contains("ArchitectureTest"));
  }

  @Test
  void coreDoesNotDependOnAdapters() {
    CORE_KNOWS_NO_ADAPTER.check(core);
  }

  @Test
  void coreDoesNotUseHttpClients() {
    CORE_USES_NO_HTTP_CLIENT.check(core);
  }

  @Test
  void coreLogsOnlyThroughSlf4j() {
    CORE_LOGS_ONLY_THROUGH_SLF4J.check(core);
  }

  @Test
  void coreDoesLogThroughSlf4j() {
    // The logging rule above only means something if the core logs at all.
    assertThat(core.get(BookingService.class).getDirectDependenciesFromSelf())
        .anyMatch(d -> d.getTargetClass().getPackageName().equals("org.slf4j"));
  }

  @Test
  void coreUsesNoLibraryButSlf4jAndLibRecur() {
    CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY.check(core);
  }

  @Test
  void recurrenceLibraryIsUsedOnlyByAvailability() {
    RECURRENCE_LIBRARY_ONLY_IN_AVAILABILITY.check(core);
  }

  @Test
  void availabilityDoesUseTheRecurrenceLibrary() {
    // Otherwise the rule above would pass for the wrong reason (the library not being used).
    assertThat(core.get("dev.cita.scheduling.availability.TimeOff").getDirectDependenciesFromSelf())
        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.dmfs"));
  }

  // --- the rules can fail
  // -------------------------------------------------------------------------

  /** A core class that breaks the HTTP rule. */
  static final class UsesJdkHttpClient {
    java.net.http.HttpClient client() {
      return java.net.http.HttpClient.newHttpClient();
    }
  }

  /** A core class that breaks the logging rule. */
  static final class UsesJulLogging {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("x");

    void log() {
      LOG.info("hello");
    }
  }

  /** A core class that breaks the lean-core rule, as the token codec did before the split. */
  static final class UsesJackson {
    byte[] json(Object value) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(value);
    }
  }

  /** A core class outside availability that breaks the recurrence rule. */
  static final class UsesLibRecur {
    Object rule() throws Exception {
      return new org.dmfs.rfc5545.recur.RecurrenceRule("FREQ=DAILY");
    }
  }

  /** A core class with nullness annotations, which the lean-core rule allows. */
  @org.jspecify.annotations.NullMarked
  static final class UsesJSpecify {
    @org.jspecify.annotations.Nullable String note;
  }

  private static EvaluationResult evaluate(ArchRule rule, Class<?> offender) {
    return rule.evaluate(new ClassFileImporter().importClasses(offender));
  }

  @Test
  void httpRuleCatchesAnOffender() {
    EvaluationResult result = evaluate(CORE_USES_NO_HTTP_CLIENT, UsesJdkHttpClient.class);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("java.net.http.HttpClient"));
  }

  @Test
  void loggingRuleCatchesAnOffender() {
    EvaluationResult result = evaluate(CORE_LOGS_ONLY_THROUGH_SLF4J, UsesJulLogging.class);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("java.util.logging.Logger"));
  }

  @Test
  void leanCoreRuleCatchesAnOffender() {
    EvaluationResult result =
        evaluate(CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY, UsesJackson.class);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("com.fasterxml.jackson.databind.ObjectMapper"));
    // The JDK, slf4j, lib-recur and JSpecify alone are allowed.
    assertThat(
            evaluate(CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY, UsesLibRecur.class)
                .hasViolation())
        .isFalse();
    assertThat(
            evaluate(CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY, UsesJSpecify.class)
                .hasViolation())
        .isFalse();
  }

  @Test
  void recurrenceRuleCatchesAnOffender() {
    EvaluationResult result = evaluate(RECURRENCE_LIBRARY_ONLY_IN_AVAILABILITY, UsesLibRecur.class);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("org.dmfs"));
  }

  @Test
  void rulesRefuseToPassOnNothing() {
    // allowEmptyShould(false): a rule whose "that" selects no class fails instead of passing
    // vacuously.
    JavaClasses none = new ClassFileImporter().importClasses(String.class);
    for (ArchRule rule :
        new ArchRule[] {
          CORE_KNOWS_NO_ADAPTER,
          CORE_USES_NO_HTTP_CLIENT,
          CORE_LOGS_ONLY_THROUGH_SLF4J,
          CORE_USES_ONLY_SLF4J_LIB_RECUR_AND_JSPECIFY,
          RECURRENCE_LIBRARY_ONLY_IN_AVAILABILITY
        }) {
      assertThatThrownBy(() -> rule.check(none))
          .as(rule.getDescription())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("failed to check any classes");
    }
  }
}
