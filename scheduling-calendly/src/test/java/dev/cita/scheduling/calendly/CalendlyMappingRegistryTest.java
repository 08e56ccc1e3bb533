package dev.cita.scheduling.calendly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.memory.InMemoryProviderMappingStore;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendlyMappingRegistryTest {
  private static final TenantId CENTRO = TenantId.of("sucursal-centro");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final ResourceId SALA = ResourceId.of("sala-2");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  private static final AppointmentTypeId CONTROL = AppointmentTypeId.of("control");
  private static final String ANA_URI = "https://api.calendly.com/users/ANA";
  private static final String CONSULTA_URI = "https://api.calendly.com/event_types/CONSULTA";
  private static final String CONTROL_URI = "https://api.calendly.com/event_types/CONTROL";

  private final InMemoryProviderMappingStore store = new InMemoryProviderMappingStore();
  private final CalendlyMappingRegistry registry = new CalendlyMappingRegistry(store);

  @Test
  void aSavedMappingAnswersEveryLookupAsTheOriginalDoes() {
    CalendlyMapping original =
        CalendlyMapping.builder()
            .host(ANA_URI, ANA)
            .eventType(CONSULTA_URI, CONSULTA)
            .eventType(CONTROL_URI, CONTROL, SALA)
            .build();

    registry.save(CENTRO, original);

    CalendlyMapping read = registry.forTenant(CENTRO).orElseThrow();
    assertThat(read.resourceOfHost(ANA_URI)).contains(ANA);
    assertThat(read.hostOf(ANA)).contains(ANA_URI);
    assertThat(read.typeOf(CONSULTA_URI)).contains(CONSULTA);
    assertThat(read.eventTypeResources()).isEqualTo(original.eventTypeResources());
    assertThat(read.eventTypeFor(ANA, CONSULTA)).isEqualTo(original.eventTypeFor(ANA, CONSULTA));
    assertThat(read.eventTypeFor(SALA, CONTROL)).contains(CONTROL_URI);
    assertThat(read.resourceOf(CONTROL_URI, List.of(ANA_URI))).contains(SALA);
    assertThat(read.hostResources()).isEqualTo(original.hostResources());
  }

  @Test
  void aSaveReplacesAndRemoveForgets() {
    registry.save(CENTRO, CalendlyMapping.builder().host(ANA_URI, ANA).build());
    registry.save(CENTRO, CalendlyMapping.builder().eventType(CONSULTA_URI, CONSULTA).build());

    assertThat(registry.forTenant(CENTRO).orElseThrow().resourceOfHost(ANA_URI)).isEmpty();
    assertThat(registry.tenants()).containsExactly(CENTRO);
    assertThat(registry.remove(CENTRO)).isTrue();
    assertThat(registry.forTenant(CENTRO)).isEmpty();
    assertThat(registry.tenants()).isEmpty();
  }

  @Test
  void aStoredHostWithoutResourceFailsLoudly() {
    store.replace(
        CENTRO,
        "calendly",
        List.of(ProviderMapping.of(CENTRO, "calendly", "host", ANA_URI, null, null)));

    assertThatThrownBy(() -> registry.forTenant(CENTRO))
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("mapping.host.resource");
  }
}
