package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CalendarAssignmentStore} must have: an assignment is found back
 * exactly, a resource has at most one calendar per provider (a save replaces), delete reports
 * whether there was one, and the lists by connection and by provider hold exactly theirs, in order.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyCalendarAssignmentStoreTest extends CalendarAssignmentStoreContract {
 *   @Override
 *   protected CalendarAssignmentStore newStore() {
 *     return new MyCalendarAssignmentStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class CalendarAssignmentStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final ResourceId ROOM = ResourceId.of("sala-2");
  private static final ConnectionKey NORTE_GOOGLE =
      ConnectionKey.of(NORTE, "google", "agenda@norte.cl");
  private static final ConnectionKey NORTE_GOOGLE_2 =
      ConnectionKey.of(NORTE, "google", "ana@norte.cl");
  private static final ConnectionKey SUR_GOOGLE = ConnectionKey.of(SUR, "google", "agenda@sur.cl");

  private CalendarAssignmentStore store;

  /** For subclasses, which supply the implementation under test. */
  protected CalendarAssignmentStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract CalendarAssignmentStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createCalendarAssignmentStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  @Nested
  @DisplayName("save, find and delete")
  class SaveFindDelete {
    @Test
    void anAssignmentIsFoundBackExactly() {
      ResourceCalendar a = new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary");

      store.save(a);

      assertThat(store.find(NORTE, ANA, "google")).contains(a);
    }

    @Test
    void aResourceHasOneCalendarPerProviderAndASaveReplaces() {
      store.save(new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary"));
      ResourceCalendar moved =
          new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE_2, "c_ana@group.calendar.google.com");
      ResourceCalendar outlook =
          new ResourceCalendar(
              NORTE, ANA, ConnectionKey.of(NORTE, "microsoft", "ana@norte.cl"), "AAMkAGI2");

      store.save(moved);
      store.save(outlook);

      assertThat(store.find(NORTE, ANA, "google")).contains(moved);
      assertThat(store.find(NORTE, ANA, "microsoft")).contains(outlook);
      assertThat(store.list("google")).containsExactly(moved);
    }

    @Test
    void anUnassignedResourceIsEmpty() {
      store.save(new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary"));

      assertThat(store.find(NORTE, ROOM, "google")).isEmpty();
      assertThat(store.find(SUR, ANA, "google")).as("other tenant").isEmpty();
      assertThat(store.find(NORTE, ANA, "microsoft")).as("other provider").isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasOne() {
      store.save(new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary"));

      assertThat(store.delete(NORTE, ANA, "google")).isTrue();
      assertThat(store.delete(NORTE, ANA, "google")).isFalse();
      assertThat(store.find(NORTE, ANA, "google")).isEmpty();
    }

    @Test
    void twoResourcesMayShareOneCalendar() {
      ResourceCalendar ana = new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary");
      ResourceCalendar room = new ResourceCalendar(NORTE, ROOM, NORTE_GOOGLE, "primary");

      store.save(ana);
      store.save(room);

      assertThat(store.list(NORTE_GOOGLE)).containsExactly(ana, room);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void aNullAssignmentIsRefusedNamingIt() {
      assertThatThrownBy(() -> store.save(null))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("assignment");
    }
  }

  @Nested
  @DisplayName("lists")
  class Lists {
    @Test
    void byConnectionHoldsOnlyThatConnectionsAssignmentsOrderedByResource() {
      ResourceCalendar room = new ResourceCalendar(NORTE, ROOM, NORTE_GOOGLE, "c_room");
      ResourceCalendar ana = new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary");
      ResourceCalendar other =
          new ResourceCalendar(NORTE, ResourceId.of("dr-beto"), NORTE_GOOGLE_2, "primary");
      ResourceCalendar sur = new ResourceCalendar(SUR, ANA, SUR_GOOGLE, "primary");
      store.save(room);
      store.save(ana);
      store.save(other);
      store.save(sur);

      assertThat(store.list(NORTE_GOOGLE)).containsExactly(ana, room);
      assertThat(store.list(SUR_GOOGLE)).containsExactly(sur);
    }

    @Test
    void byProviderHoldsEveryTenantOrderedByTenantAndResource() {
      ResourceCalendar surAna = new ResourceCalendar(SUR, ANA, SUR_GOOGLE, "primary");
      ResourceCalendar norteRoom = new ResourceCalendar(NORTE, ROOM, NORTE_GOOGLE, "c_room");
      ResourceCalendar norteAna = new ResourceCalendar(NORTE, ANA, NORTE_GOOGLE, "primary");
      store.save(surAna);
      store.save(norteRoom);
      store.save(norteAna);

      assertThat(store.list("google")).containsExactly(norteAna, norteRoom, surAna);
      assertThat(store.list("microsoft")).isEmpty();
    }
  }
}
