package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ClosureStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ClosureStore} must have: each kind of closure (whole days, a span, a
 * recurring block) comes back equal in every field, a save replaces the closure with the same id,
 * the list is per tenant and ordered by id, the date-range lookup returns at least what overlaps,
 * removal says whether there was a closure, and bad input is refused naming the field.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyClosureStoreTest extends ClosureStoreContract {
 *   @Override
 *   protected ClosureStore newStore() {
 *     return new MyClosureStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class ClosureStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final LocalDate INVENTORY = LocalDate.of(2026, 12, 10);

  private ClosureStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ClosureStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ClosureStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createClosureStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static Closure days() {
    return Closure.days(
        "inventario", INVENTORY, INVENTORY.plusDays(1), "cerrado por inventario — Ñuñoa");
  }

  private static Closure span() {
    return Closure.between(
        "corte-luz",
        Instant.parse("2026-12-11T13:00:00.250Z"),
        Instant.parse("2026-12-11T15:30:00Z"),
        null);
  }

  private static Closure recurring() {
    return Closure.recurring(
        "domingos",
        LocalDateTime.of(2026, 1, 4, 0, 0),
        Duration.ofHours(24),
        "FREQ=WEEKLY;BYDAY=SU;UNTIL=20261231",
        "cerrado los domingos");
  }

  /** Each kind of closure comes back equal, listed by id. */
  @Test
  void everyKindOfClosureSurvivesTheRoundTrip() {
    store.save(NORTE, span());
    store.save(NORTE, recurring());
    store.save(NORTE, days());

    assertThat(store.list(NORTE)).containsExactly(span(), recurring(), days());
    assertThat(store.list(NORTE).get(1).time().orElseThrow().rrule())
        .contains("FREQ=WEEKLY;BYDAY=SU;UNTIL=20261231");
  }

  /** A second save with the same id replaces the first. */
  @Test
  void aSecondSaveWithTheSameIdReplacesTheFirst() {
    store.save(NORTE, days());
    Closure longer = Closure.days("inventario", INVENTORY, INVENTORY.plusDays(3), null);

    store.save(NORTE, longer);

    assertThat(store.list(NORTE)).containsExactly(longer);
  }

  /** Closures are kept per tenant, and a tenant with none has an empty list. */
  @Test
  void closuresAreKeptPerTenant() {
    store.save(NORTE, days());
    store.save(SUR, span());

    assertThat(store.list(NORTE)).containsExactly(days());
    assertThat(store.list(SUR)).containsExactly(span());
    assertThat(store.list(TenantId.of("otra"))).isEmpty();
  }

  /** The lookup by dates returns every closure that may touch them. */
  @Test
  void theLookupByDatesReturnsWhatOverlaps() {
    store.save(NORTE, days());
    store.save(NORTE, recurring());

    assertThat(store.closures(NORTE, INVENTORY, INVENTORY)).contains(days(), recurring());
    assertThat(store.closures(SUR, INVENTORY, INVENTORY)).isEmpty();
  }

  /** Removal says whether there was a closure, and touches only that one. */
  @Test
  void removalSaysWhetherThereWasAClosure() {
    store.save(NORTE, days());
    store.save(NORTE, span());
    store.save(SUR, days());

    assertThat(store.remove(NORTE, "inventario")).isTrue();
    assertThat(store.remove(NORTE, "inventario")).isFalse();
    assertThat(store.remove(NORTE, "nunca")).isFalse();

    assertThat(store.list(NORTE)).containsExactly(span());
    assertThat(store.list(SUR)).containsExactly(days());
  }

  /** Missing arguments are refused naming the field, and nothing is written. */
  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void badInputIsRefusedNamingTheField() {
    refused(() -> store.save(null, days()), "tenant");
    refused(() -> store.save(NORTE, null), "closure");
    refused(() -> store.list(null), "tenant");
    refused(() -> store.remove(null, "x"), "tenant");
    refused(() -> store.remove(NORTE, null), "id");

    assertThat(store.list(NORTE)).isEmpty();
  }
}
