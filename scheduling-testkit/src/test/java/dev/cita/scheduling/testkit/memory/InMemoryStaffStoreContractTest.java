package dev.cita.scheduling.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryStaffStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.StaffMember;
import dev.cita.scheduling.notify.StaffRole;
import dev.cita.scheduling.spi.StaffStore;
import dev.cita.scheduling.testkit.StaffStoreContract;
import org.junit.jupiter.api.Test;

/** Runs the contract kit against {@link InMemoryStaffStore}, and checks its bound. */
class InMemoryStaffStoreContractTest extends StaffStoreContract {
  @Override
  protected StaffStore newStore() {
    return new InMemoryStaffStore();
  }

  @Test
  void aFullStoreRefusesNewMembersButStillReplacesAndFreesRoom() {
    InMemoryStaffStore small = new InMemoryStaffStore(1);
    TenantId t = TenantId.of("t");
    small.save(StaffMember.builder(t, "a", StaffRole.OWNER).build());
    small.save(StaffMember.builder(t, "a", StaffRole.ADMIN).build());

    assertThatThrownBy(() -> small.save(StaffMember.builder(t, "b", StaffRole.OWNER).build()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("member"));
    assertThat(small.list(t)).extracting(StaffMember::role).containsExactly(StaffRole.ADMIN);

    assertThat(small.remove(t, "a")).isTrue();
    small.save(StaffMember.builder(t, "b", StaffRole.OWNER).build());
    assertThat(small.list(t)).extracting(StaffMember::id).containsExactly("b");
  }
}
