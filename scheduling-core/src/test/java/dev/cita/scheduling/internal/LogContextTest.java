package dev.cita.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.CapturingLogProvider;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");

  @AfterEach
  void clear() {
    MDC.clear();
  }

  static Map<String, String> citaKeys() {
    return CapturingLogProvider.mdc();
  }

  @Test
  void keysArePresentInsideAndGoneAfter() {
    AtomicReference<Map<String, String>> inside = new AtomicReference<>();

    LogContext.open()
        .tenant(NORTE)
        .appointment(AppointmentId.of("appt-1"))
        .provider("google")
        .delivery("SM123")
        .run(() -> inside.set(citaKeys()));

    assertThat(inside.get())
        .containsEntry(LogContext.TENANT, "clinica-norte")
        .containsEntry(LogContext.APPOINTMENT, "appt-1")
        .containsEntry(LogContext.PROVIDER, "google")
        .containsEntry(LogContext.DELIVERY, "SM123");
    assertThat(citaKeys()).isEmpty();
  }

  @Test
  void anExceptionStillRestoresAndANestedContextPutsTheOuterValuesBack() {
    MDC.put(LogContext.TENANT, "outer");
    MDC.put("app.request", "r-7");
    try (LogContext outer = LogContext.open().provider("calcom")) {
      assertThatThrownBy(
              () ->
                  LogContext.open()
                      .tenant(NORTE)
                      .provider("google")
                      .run(
                          () -> {
                            throw new IllegalStateException("boom");
                          }))
          .hasMessage("boom");
      assertThat(MDC.get(LogContext.TENANT)).isEqualTo("outer");
      assertThat(MDC.get(LogContext.PROVIDER)).isEqualTo("calcom");
      outer.appointment(AppointmentId.of("appt-2"));
    }
    assertThat(citaKeys())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(LogContext.TENANT, "outer", "app.request", "r-7"));
  }

  @Test
  void aConversationIsNamedWithoutItsPhoneTheSameEverywhere() {
    String id = LogContext.conversationId(NORTE, "+56912345678");

    LogContext.open()
        .conversation(NORTE, "+56912345678")
        .run(
            () -> {
              assertThat(MDC.get(LogContext.CONVERSATION)).isEqualTo(id);
            });

    assertThat(id).matches("c-[0-9a-f]{16}").doesNotContain("912345678").doesNotContain("5691");
    assertThat(LogContext.conversationId(NORTE, "+56912345678")).isEqualTo(id);
    assertThat(LogContext.conversationId(NORTE, "+56912345679")).isNotEqualTo(id);
    assertThat(LogContext.conversationId(TenantId.of("clinica-sur"), "+56912345678"))
        .isNotEqualTo(id);
  }

  @Test
  void valuesFromOutsideAreEscapedAndCut() {
    LogContext.open()
        .delivery("d-1\nFAKE LINE" + "x".repeat(300))
        .run(
            () ->
                assertThat(MDC.get(LogContext.DELIVERY))
                    .startsWith("d-1\\nFAKE LINE")
                    .doesNotContain("\n")
                    .hasSize(100));
  }
}
