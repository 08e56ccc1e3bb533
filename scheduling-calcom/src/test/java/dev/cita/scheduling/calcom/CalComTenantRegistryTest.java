package dev.cita.scheduling.calcom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.memory.InMemoryProviderMappingStore;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CalComTenantRegistryTest {
  private static final TenantId CENTRO = TenantId.of("sucursal-centro");
  private static final TenantId NORTE = TenantId.of("sucursal-norte");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final ResourceId BETO = ResourceId.of("dr-beto");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");

  private final InMemoryProviderMappingStore store = new InMemoryProviderMappingStore();
  private final CalComTenantRegistry registry =
      CalComTenantRegistry.builder(store)
          .webhookSigning(
              t ->
                  t.equals(CENTRO)
                      ? Optional.of(WebhookSigning.secret("s3cret"))
                      : Optional.empty())
          .build();

  @Test
  void aSavedBranchIsReadBackWithItsMappingsInOrderAndItsSigningFromTheApplication() {
    CalComTenant branch =
        CalComTenant.builder(CENTRO, "1234")
            .baseUrl("https://cal.centro.example/")
            .eventType(EventTypeMapping.of(900, ANA, CONSULTA))
            .eventType(EventTypeMapping.multipleLengths(12, BETO, CONSULTA))
            .busyResource(ANA)
            .zone(ZoneId.of("America/Santiago"))
            .webhookSigning(WebhookSigning.secret("ignored: not stored"))
            .build();

    registry.save(branch);

    CalComTenant read = registry.find(CENTRO).orElseThrow();
    assertThat(read.account()).isEqualTo("1234");
    assertThat(read.baseUrl()).isEqualTo("https://cal.centro.example/");
    assertThat(read.eventTypes()).containsExactlyElementsOf(branch.eventTypes());
    assertThat(read.busyResources()).containsExactly(ANA);
    assertThat(read.zone()).isEqualTo(ZoneId.of("America/Santiago"));
    assertThat(read.webhookSigning()).contains(WebhookSigning.secret("s3cret"));
    assertThat(store.list(CENTRO, "calcom").toString()).doesNotContain("ignored");
  }

  @Test
  void aSaveReplacesTheBranchAndRemoveForgetsIt() {
    registry.save(
        CalComTenant.builder(CENTRO, "1234")
            .eventType(EventTypeMapping.of(1, ANA, CONSULTA))
            .build());
    registry.save(CalComTenant.builder(NORTE, "99").build());

    registry.save(CalComTenant.builder(CENTRO, "5678").build());

    assertThat(registry.find(CENTRO).orElseThrow().account()).isEqualTo("5678");
    assertThat(registry.find(CENTRO).orElseThrow().eventTypes()).isEmpty();
    assertThat(registry.tenants()).containsExactly(CENTRO, NORTE);
    assertThat(registry.remove(CENTRO)).isTrue();
    assertThat(registry.remove(CENTRO)).isFalse();
    assertThat(registry.find(CENTRO)).isEmpty();
    assertThat(registry.find(NORTE)).isPresent();
  }

  @Test
  void aBaseUrlOutsideThePolicyIsRefusedAndNothingIsWritten() {
    CalComTenant onPrivateNetwork =
        CalComTenant.builder(CENTRO, "1234")
            .baseUrlPolicy(BaseUrlPolicy.publicHttps().allowPrivateNetwork())
            .baseUrl("https://10.0.0.5/")
            .build();

    assertThatThrownBy(() -> registry.save(onPrivateNetwork))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("calcomTenant.baseUrl");
    assertThat(registry.find(CENTRO)).isEmpty();
  }

  @Test
  void storedLinesThatNoLongerMakeABranchFailLoudly() {
    store.replace(
        CENTRO,
        "calcom",
        List.of(
            ProviderMapping.of(CENTRO, "calcom", "account", "1234", null, null),
            ProviderMapping.of(CENTRO, "calcom", "eventType", "not-a-number", ANA, CONSULTA)));

    assertThatThrownBy(() -> registry.find(CENTRO))
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("sucursal-centro");
  }

  @Test
  void withoutSigningEveryDeliveryOfTheBranchIsRefused() {
    registry.save(CalComTenant.builder(NORTE, "99").build());

    assertThat(registry.find(NORTE).orElseThrow().webhookSigning()).isEmpty();
  }
}
