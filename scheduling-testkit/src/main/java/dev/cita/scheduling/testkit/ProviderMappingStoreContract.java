package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import dev.cita.scheduling.spi.ProviderMappingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ProviderMappingStore} must have: lines are read back exactly (optional
 * resource and type, attributes) in (kind, external id) order, a replace swaps a tenant's lines at
 * a provider all at once and touches no other tenant or provider, bad input is refused whole, a
 * reader racing replaces sees a whole version, and {@code findByExternalId} finds every tenant
 * mapping one external id.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyProviderMappingStoreTest extends ProviderMappingStoreContract {
 *   @Override
 *   protected ProviderMappingStore newStore() {
 *     return new MyProviderMappingStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class ProviderMappingStoreContract {
  private static final TenantId CENTRO = TenantId.of("sucursal-centro");
  private static final TenantId NORTE = TenantId.of("sucursal-norte");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");

  private ProviderMappingStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ProviderMappingStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ProviderMappingStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createProviderMappingStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static ProviderMapping eventType(TenantId tenant, String id) {
    return ProviderMapping.of(tenant, "calcom", "eventType", id, ANA, CONSULTA);
  }

  @Nested
  @DisplayName("replace and list")
  class ReplaceAndList {
    @Test
    void linesAreReadBackExactlyInKindAndIdOrder() {
      ProviderMapping account =
          ProviderMapping.of(CENTRO, "calcom", "account", "1234", null, null)
              .with("baseUrl", "https://cal.centro.example/")
              .with("zone", "America/Santiago");
      ProviderMapping fixed = eventType(CENTRO, "501");
      ProviderMapping multiple = eventType(CENTRO, "502").with("multipleLengths", "true");
      ProviderMapping hostOnly =
          ProviderMapping.of(CENTRO, "calcom", "busyResource", "sala-2", null, null);

      store.replace(CENTRO, "calcom", List.of(multiple, hostOnly, fixed, account));

      assertThat(store.list(CENTRO, "calcom")).containsExactly(account, hostOnly, fixed, multiple);
      assertThat(store.list(CENTRO, "calcom").get(3).attributes())
          .isEqualTo(Map.of("multipleLengths", "true"));
    }

    @Test
    void aReplaceSwapsEveryLineOfTheTenantAtTheProvider() {
      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501"), eventType(CENTRO, "502")));

      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "503")));

      assertThat(store.list(CENTRO, "calcom")).containsExactly(eventType(CENTRO, "503"));
    }

    @Test
    void anEmptyReplaceForgetsTheTenantsMapping() {
      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501")));

      store.replace(CENTRO, "calcom", List.of());

      assertThat(store.list(CENTRO, "calcom")).isEmpty();
    }

    @Test
    void otherTenantsAndProvidersAreUntouched() {
      ProviderMapping norte = eventType(NORTE, "501");
      ProviderMapping calendly =
          ProviderMapping.of(
              CENTRO, "calendly", "host", "https://api.calendly.com/users/ANA", ANA, null);
      store.replace(NORTE, "calcom", List.of(norte));
      store.replace(CENTRO, "calendly", List.of(calendly));

      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501")));
      store.replace(CENTRO, "calcom", List.of());

      assertThat(store.list(NORTE, "calcom")).containsExactly(norte);
      assertThat(store.list(CENTRO, "calendly")).containsExactly(calendly);
    }

    @Test
    void tenantsListsEveryTenantWithLinesAtTheProviderOrderedById() {
      store.replace(NORTE, "calcom", List.of(eventType(NORTE, "501")));
      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501"), eventType(CENTRO, "502")));
      store.replace(
          TenantId.of("sucursal-sur"),
          "calendly",
          List.of(
              ProviderMapping.of(
                  TenantId.of("sucursal-sur"),
                  "calendly",
                  "host",
                  "https://x/users/A",
                  ANA,
                  null)));

      assertThat(store.tenants("calcom")).containsExactly(CENTRO, NORTE);

      store.replace(NORTE, "calcom", List.of());
      assertThat(store.tenants("calcom")).as("after forgetting one").containsExactly(CENTRO);
    }

    @Test
    void anUnknownTenantHasNoLines() {
      assertThat(store.list(CENTRO, "calcom")).isEmpty();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    void aLineOfAnotherTenantIsRefusedAndNothingChanges() {
      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501")));

      assertThatThrownBy(
              () ->
                  store.replace(
                      CENTRO, "calcom", List.of(eventType(CENTRO, "502"), eventType(NORTE, "503"))))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("mappings");

      assertThat(store.list(CENTRO, "calcom")).containsExactly(eventType(CENTRO, "501"));
      assertThat(store.list(NORTE, "calcom")).isEmpty();
    }

    @Test
    void aLineOfAnotherProviderIsRefused() {
      ProviderMapping calendly =
          ProviderMapping.of(CENTRO, "calendly", "eventType", "501", ANA, CONSULTA);

      assertThatThrownBy(() -> store.replace(CENTRO, "calcom", List.of(calendly)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("mappings");
      assertThat(store.list(CENTRO, "calendly")).isEmpty();
    }

    @Test
    void theSameExternalIdTwiceIsRefusedAndNothingChanges() {
      store.replace(CENTRO, "calcom", List.of(eventType(CENTRO, "501")));

      assertThatThrownBy(
              () ->
                  store.replace(
                      CENTRO,
                      "calcom",
                      List.of(
                          eventType(CENTRO, "502"),
                          ProviderMapping.of(CENTRO, "calcom", "eventType", "502", null, null))))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("twice");

      assertThat(store.list(CENTRO, "calcom")).containsExactly(eventType(CENTRO, "501"));
    }

    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void nullArgumentsAreRefusedNamingThem() {
      assertThatThrownBy(() -> store.replace(null, "calcom", List.of()))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("tenant");
      assertThatThrownBy(() -> store.replace(CENTRO, "calcom", null))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("mappings");
    }
  }

  @Nested
  @DisplayName("by external id")
  class ByExternalId {
    @Test
    void findsEveryTenantThatMapsTheIdOrderedByTenant() {
      ProviderMapping norte =
          ProviderMapping.of(
              NORTE, "calendly", "host", "https://api.calendly.com/users/ANA", ANA, null);
      ProviderMapping centro =
          ProviderMapping.of(
              CENTRO, "calendly", "host", "https://api.calendly.com/users/ANA", ANA, null);
      ProviderMapping other =
          ProviderMapping.of(
              CENTRO, "calendly", "host", "https://api.calendly.com/users/BETO", ANA, null);
      store.replace(NORTE, "calendly", List.of(norte));
      store.replace(CENTRO, "calendly", List.of(centro, other));

      assertThat(store.findByExternalId("calendly", "host", "https://api.calendly.com/users/ANA"))
          .containsExactly(centro, norte);
      assertThat(
              store.findByExternalId("calendly", "eventType", "https://api.calendly.com/users/ANA"))
          .as("another kind")
          .isEmpty();
      assertThat(store.findByExternalId("calcom", "host", "https://api.calendly.com/users/ANA"))
          .as("another provider")
          .isEmpty();
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    void readersRacingReplacesSeeOneWholeVersion() throws InterruptedException {
      List<List<ProviderMapping>> versions = new ArrayList<>();
      for (int v = 0; v < 4; v++) {
        List<ProviderMapping> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          lines.add(eventType(CENTRO, "50" + i).with("version", "v" + v));
        }
        versions.add(lines);
      }
      store.replace(CENTRO, "calcom", versions.get(0));

      List<Race.Outcome<List<ProviderMapping>>> outcomes =
          Race.run(
              8,
              i ->
                  () -> {
                    if (i % 2 == 0) {
                      store.replace(CENTRO, "calcom", versions.get(i / 2));
                      return List.of();
                    }
                    return store.list(CENTRO, "calcom");
                  });

      for (Race.Outcome<List<ProviderMapping>> o : outcomes) {
        assertThat(o.error()).as("a racing call failed").isNull();
        List<ProviderMapping> seen = o.returned();
        if (!seen.isEmpty()) {
          assertThat(versions).as("a reader saw a mix of versions").contains(seen);
        }
      }
      assertThat(versions).contains(store.list(CENTRO, "calcom"));
    }
  }
}
