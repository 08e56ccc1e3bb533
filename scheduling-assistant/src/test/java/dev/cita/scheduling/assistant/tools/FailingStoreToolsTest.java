package dev.cita.scheduling.assistant.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.AssignmentRule;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.spi.AppointmentStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A store that cannot answer gives the model an error, never an exception. */
class FailingStoreToolsTest {
  @Test
  void aStoreWithoutLookUpByAttendeeAnswersUnavailable() {
    InMemoryAppointmentStore real = new InMemoryAppointmentStore();
    AppointmentStore withoutLookUp =
        (AppointmentStore)
            Proxy.newProxyInstance(
                AppointmentStore.class.getClassLoader(),
                new Class<?>[] {AppointmentStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("findByAttendee")) {
                    throw new UnsupportedOperationException("no look-up by attendee");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(withoutLookUp)
            .scheduleStore(new InMemoryScheduleStore())
            .build();
    BookingTools tools = BookingTools.builder(service).build();
    ToolContext me =
        new ToolContext(
            ToolsFixture.catalogue(AssignmentRule.FIRST_FREE),
            ToolsFixture.PHONE,
            "María",
            Locale.ENGLISH);

    JsonNode result = ToolsFixture.parse(tools.call(me, "list_my_appointments", "{}"));

    assertThat(result.get("error").get("code").asText()).isEqualTo("unavailable");
    assertThat(result.toString()).doesNotContain("attendee", ToolsFixture.PHONE);
  }
}
