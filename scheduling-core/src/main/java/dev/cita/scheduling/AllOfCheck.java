package dev.cita.scheduling;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The conflict check of a collective (all-of) appointment: each resource it holds is checked by
 * that resource's own rules (its hours, closures, busy time, caps), against that resource's
 * appointments, as the store calls {@link #verify(ResourceId, Appointment, List)} once per resource
 * under the locks of all of them. A refusal names the resource that refused.
 */
final class AllOfCheck implements ConflictCheck {
  private final ResourceId host;
  private final Map<ResourceId, ConflictCheck> byResource;
  private final Optional<TimeInterval> lookupRange;

  /**
   * @param host the appointment's {@link Appointment#resource()}
   * @param byResource each resource's rules, the host's among them
   */
  AllOfCheck(ResourceId host, Map<ResourceId, ConflictCheck> byResource) {
    this.host = host;
    this.byResource = Map.copyOf(byResource);
    this.lookupRange =
        byResource.values().stream()
            .map(ConflictCheck::lookupRange)
            .flatMap(Optional::stream)
            .reduce(
                (a, b) ->
                    new TimeInterval(
                        a.start().isBefore(b.start()) ? a.start() : b.start(),
                        a.end().isAfter(b.end()) ? a.end() : b.end()));
  }

  /** {@return {@code byResource}'s one check, or an all-of check when it has several} */
  static ConflictCheck of(ResourceId host, Map<ResourceId, ConflictCheck> byResource) {
    return byResource.size() == 1 ? rulesOf(byResource, host) : new AllOfCheck(host, byResource);
  }

  @Override
  public Optional<TimeInterval> lookupRange() {
    return lookupRange;
  }

  @Override
  public void verify(Appointment candidate, List<Appointment> existing) {
    verify(host, candidate, existing);
  }

  @Override
  public void verify(ResourceId resource, Appointment candidate, List<Appointment> existing) {
    rulesOf(byResource, resource).verify(ConflictCheck.asSeenBy(resource, candidate), existing);
  }

  @Override
  public OptionalInt seatsPerSlot() {
    return rulesOf(byResource, host).seatsPerSlot();
  }

  private static ConflictCheck rulesOf(Map<ResourceId, ConflictCheck> rules, ResourceId resource) {
    ConflictCheck check = rules.get(resource);
    if (check == null) {
      throw new SlotUnavailableException(
          SlotUnavailableException.Reason.UNSPECIFIED,
          "resource " + resource + " was not checked when the appointment was written");
    }
    return check;
  }
}
