package dev.cita.scheduling.google;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The answer of {@link GoogleCalendarProvider#refreshBusy}: the busy intervals of every resource
 * Google answered for, and Google's error reason for every resource it did not ({@code notFound},
 * {@code internalError}, ...). A resource with an error is never reported as free.
 */
public final class FreeBusyResult {
  private final Map<ResourceId, List<TimeInterval>> busy;
  private final Map<ResourceId, String> errors;

  FreeBusyResult(Map<ResourceId, List<TimeInterval>> busy, Map<ResourceId, String> errors) {
    Map<ResourceId, List<TimeInterval>> copy =
        new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    busy.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.busy = java.util.Collections.unmodifiableMap(copy);
    Map<ResourceId, String> errs = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    errs.putAll(errors);
    this.errors = java.util.Collections.unmodifiableMap(errs);
  }

  /**
   * {@return the busy intervals per resource that Google answered for, each list sorted by start}
   */
  public Map<ResourceId, List<TimeInterval>> busy() {
    return busy;
  }

  /** {@return Google's error reason per resource it could not answer for} */
  public Map<ResourceId, String> errors() {
    return errors;
  }

  /**
   * The busy intervals of one resource.
   *
   * @param resource a resource that was asked about
   * @return its intervals sorted by start, or empty if Google reported an error for it
   */
  public Optional<List<TimeInterval>> busyOf(ResourceId resource) {
    return Optional.ofNullable(busy.get(resource));
  }

  /** {@return true when Google could not answer for at least one resource} */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  @Override
  public String toString() {
    return "FreeBusyResult{busy=" + busy.keySet() + ", errors=" + errors + "}";
  }
}
