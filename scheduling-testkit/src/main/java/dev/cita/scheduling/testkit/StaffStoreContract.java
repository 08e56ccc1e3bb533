package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.StaffMember;
import dev.cita.scheduling.notify.StaffRole;
import dev.cita.scheduling.spi.StaffStore;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StaffStore} must have: saved members come back equal in every field, a
 * save replaces the member with the same id, the list is per tenant and ordered by id, removal says
 * whether there was a member, and bad input is refused naming the field.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyStaffStoreTest extends StaffStoreContract {
 *   @Override
 *   protected StaffStore newStore() {
 *     return new MyStaffStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class StaffStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");

  private StaffStore store;

  /** For subclasses, which supply the implementation under test. */
  protected StaffStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract StaffStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createStaffStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  /** An agent with every field set away from its default, to catch a store that drops one. */
  private static StaffMember agent() {
    return StaffMember.builder(NORTE, "ana", StaffRole.AGENT)
        .name("Ana Soto — Ñuñoa")
        .resource(ResourceId.of("dra-ana"))
        .resource(ResourceId.of("box-2"))
        .address("whatsapp", "+56911112222")
        .address("email", "ana@norte.cl")
        .address("push", "player-ana")
        .kinds(MessageKind.REMINDER, MessageKind.CANCELLATION)
        .locale(Locale.forLanguageTag("es-CL"))
        .build();
  }

  private static StaffMember owner(TenantId tenant, String id) {
    return StaffMember.builder(tenant, id, StaffRole.OWNER)
        .address("email", id + "@example.com")
        .build();
  }

  @Test
  void aSavedMemberComesBackEqualInEveryField() {
    store.save(agent());

    StaffMember read = store.find(NORTE, "ana").orElseThrow();

    assertThat(read).isEqualTo(agent());
    assertThat(read.addresses().keySet())
        .as("channel order")
        .containsExactly("whatsapp", "email", "push");
    assertThat(read.resources())
        .as("resource order")
        .containsExactly(ResourceId.of("dra-ana"), ResourceId.of("box-2"));
    assertThat(read.locale()).isEqualTo(Locale.forLanguageTag("es-CL"));
  }

  @Test
  void aSaveReplacesTheMemberWithTheSameId() {
    store.save(agent());
    StaffMember fewer = StaffMember.builder(NORTE, "ana", StaffRole.ADMIN).build();

    store.save(fewer);

    assertThat(store.find(NORTE, "ana")).contains(fewer);
    assertThat(store.list(NORTE)).containsExactly(fewer);
  }

  @Test
  void theListIsPerTenantAndOrderedById() {
    store.save(owner(NORTE, "zoe"));
    store.save(agent());
    store.save(owner(SUR, "ana"));

    assertThat(store.list(NORTE)).extracting(StaffMember::id).containsExactly("ana", "zoe");
    assertThat(store.list(SUR)).containsExactly(owner(SUR, "ana"));
    assertThat(store.list(TenantId.of("clinica-este"))).isEmpty();
    assertThat(store.find(SUR, "zoe")).isEmpty();
  }

  @Test
  void removeSaysWhetherThereWasAMember() {
    store.save(agent());
    store.save(owner(SUR, "ana"));

    assertThat(store.remove(NORTE, "ana")).isTrue();
    assertThat(store.remove(NORTE, "ana")).isFalse();

    assertThat(store.find(NORTE, "ana")).isEmpty();
    assertThat(store.list(NORTE)).isEmpty();
    assertThat(store.find(SUR, "ana")).as("the other tenant's member stays").isPresent();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void missingArgumentsAreRefusedNamingThem() {
    refused(() -> store.save(null), "member");
    refused(() -> store.list(null), "tenant");
    refused(() -> store.find(null, "ana"), "tenant");
    refused(() -> store.find(NORTE, null), "id");
    refused(() -> store.remove(null, "ana"), "tenant");
    refused(() -> store.remove(NORTE, null), "id");

    assertThat(store.list(NORTE)).isEmpty();
  }
}
