package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.spi.MemberChoice;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who of an any-of (round-robin) team gets a booking when several members are free at its time, for
 * {@link BookingService#bookAnyOf}. The member is chosen inside the store's atomic write, under the
 * write locks of every member, so concurrent bookings see each other's choices and keep the
 * balance.
 *
 * <p>Rules ({@link Rule}): the first free member (the default, today's behaviour), the least
 * recently booked, the fewest appointments in the slot's local day or week, or a weighted share (a
 * member with weight 2 gets twice the bookings of one with weight 1). Independently, {@link
 * #withTiers priority tiers} prefer tier 1 and fall back to tier 2 only when no tier-1 member is
 * free. Counts are of the time-holding appointments that <em>start</em> in the span.
 *
 * <p>Ties are broken by the order of the members given to {@code bookAnyOf}: the earlier member
 * wins. Every rule is therefore deterministic for a given store content.
 *
 * <pre>{@code
 * AssignmentPolicy policy =
 *     AssignmentPolicy.weighted(Map.of(ana, 1, bea, 2), Duration.ofDays(30))
 *         .withTiers(Map.of(junior, 2));
 * Appointment booked = service.bookAnyOf(request, slot.resources(), policy);
 * }</pre>
 */
public final class AssignmentPolicy {
  /** Longest look-back or look-ahead span the window rules accept. */
  public static final Duration MAX_WINDOW = Duration.ofDays(366);

  /** Largest weight a member may have. */
  public static final int MAX_WEIGHT = 1000;

  /** How a rule ranks the free members. */
  public enum Rule {
    /** The first free member in the given order. */
    FIRST_FREE,
    /**
     * The member whose most recently created appointment in the window is the oldest; a member with
     * none in the window first.
     */
    LEAST_RECENTLY_BOOKED,
    /** The member with the fewest appointments starting in the slot's local day. */
    FEWEST_IN_DAY,
    /** The member with the fewest appointments starting in the slot's local week (Monday first). */
    FEWEST_IN_WEEK,
    /** The member with the lowest appointments-to-weight ratio in the window. */
    WEIGHTED
  }

  private static final AssignmentPolicy FIRST_FREE =
      new AssignmentPolicy(Rule.FIRST_FREE, null, null, Map.of(), Map.of());

  private final Rule rule;
  private final @Nullable ZoneId zone;
  private final @Nullable Duration window;
  private final Map<ResourceId, Integer> weights;
  private final Map<ResourceId, Integer> tiers;

  private AssignmentPolicy(
      Rule rule,
      @Nullable ZoneId zone,
      @Nullable Duration window,
      Map<ResourceId, Integer> weights,
      Map<ResourceId, Integer> tiers) {
    this.rule = rule;
    this.zone = zone;
    this.window = window;
    this.weights = Map.copyOf(weights);
    this.tiers = Map.copyOf(tiers);
  }

  /** {@return the first free member in the given order: the behaviour without a policy} */
  public static AssignmentPolicy firstFree() {
    return FIRST_FREE;
  }

  /**
   * The member booked least recently: the one whose latest appointment (by creation time) among
   * those overlapping {@code [start - window, start + window)} is the oldest; members with none
   * there come first. Bookings rotate through the members.
   *
   * @param window how far before and after the slot's start appointments count, positive, at most
   *     {@link #MAX_WINDOW}
   * @return the policy
   * @throws ValidationException naming {@code window} if it is out of range
   */
  public static AssignmentPolicy leastRecentlyBooked(Duration window) {
    return new AssignmentPolicy(
        Rule.LEAST_RECENTLY_BOOKED, null, checkWindow(window), Map.of(), Map.of());
  }

  /**
   * The member with the fewest appointments starting in the slot's local day.
   *
   * @param zone the zone whose days count, usually the branch's
   * @return the policy
   * @throws ValidationException naming {@code zone} if it is missing
   */
  public static AssignmentPolicy fewestInDay(ZoneId zone) {
    return new AssignmentPolicy(
        Rule.FEWEST_IN_DAY, Checks.notNull(zone, "zone"), null, Map.of(), Map.of());
  }

  /**
   * The member with the fewest appointments starting in the slot's local week, Monday to Sunday.
   *
   * @param zone the zone whose weeks count, usually the branch's
   * @return the policy
   * @throws ValidationException naming {@code zone} if it is missing
   */
  public static AssignmentPolicy fewestInWeek(ZoneId zone) {
    return new AssignmentPolicy(
        Rule.FEWEST_IN_WEEK, Checks.notNull(zone, "zone"), null, Map.of(), Map.of());
  }

  /**
   * A weighted share: the member with the lowest ratio of appointments starting in {@code [start -
   * window, start + window)} to weight gets the booking, so a member with weight 2 gets twice the
   * share of one with weight 1. Members not in {@code weights} weigh 1.
   *
   * @param weights each member's weight, 1 to {@link #MAX_WEIGHT}
   * @param window how far before and after the slot's start appointments count, positive, at most
   *     {@link #MAX_WINDOW}
   * @return the policy
   * @throws ValidationException naming {@code weights} or {@code window} if one is out of range
   */
  public static AssignmentPolicy weighted(Map<ResourceId, Integer> weights, Duration window) {
    Checks.notNull(weights, "weights");
    weights.forEach(
        (member, weight) -> {
          Checks.notNull(member, "weights");
          Checks.notNull(weight, "weights");
          if (weight < 1 || weight > MAX_WEIGHT) {
            throw new ValidationException("weights", "must be from 1 to " + MAX_WEIGHT);
          }
        });
    return new AssignmentPolicy(Rule.WEIGHTED, null, checkWindow(window), weights, Map.of());
  }

  /**
   * This policy with priority tiers: a member of a lower tier number is always preferred when free
   * (tier 1 before tier 2); the rule ranks members within a tier. Members not in {@code tiers} are
   * tier 1.
   *
   * @param tiers each member's tier, at least 1
   * @return a new policy with the same rule and these tiers
   * @throws ValidationException naming {@code tiers} if a tier is below 1
   */
  public AssignmentPolicy withTiers(Map<ResourceId, Integer> tiers) {
    Checks.notNull(tiers, "tiers");
    tiers.forEach(
        (member, tier) -> {
          Checks.notNull(member, "tiers");
          Checks.notNull(tier, "tiers");
          Checks.atLeast(tier, 1, "tiers");
        });
    return new AssignmentPolicy(rule, zone, window, weights, tiers);
  }

  /** {@return how the policy ranks members within a tier} */
  public Rule rule() {
    return rule;
  }

  /** {@return the zone whose days or weeks count; empty unless the rule counts by day or week} */
  public Optional<ZoneId> zone() {
    return Optional.ofNullable(zone);
  }

  /** {@return how far around the slot appointments count; empty unless the rule uses a window} */
  public Optional<Duration> window() {
    return Optional.ofNullable(window);
  }

  /** {@return the members' weights; members absent weigh 1} */
  public Map<ResourceId, Integer> weights() {
    return weights;
  }

  /** {@return the members' tiers; members absent are tier 1} */
  public Map<ResourceId, Integer> tiers() {
    return tiers;
  }

  /**
   * Orders {@code members} for a booking starting at {@code start}: by tier, then by the rule, then
   * by the given order.
   */
  List<ResourceId> order(List<ResourceId> members, Instant start, MemberChoice.History history) {
    Map<ResourceId, Integer> index = new HashMap<>();
    Map<ResourceId, Long> score = new HashMap<>();
    for (ResourceId member : members) {
      index.put(member, index.size());
      score.put(member, rule == Rule.WEIGHTED ? 0L : score(member, start, history));
    }
    Comparator<ResourceId> byRule =
        rule == Rule.WEIGHTED
            ? weightedOrder(members, start, history)
            : Comparator.comparing((ResourceId m) -> score.getOrDefault(m, 0L));
    List<ResourceId> ordered = new ArrayList<>(members);
    ordered.sort(
        Comparator.comparing((ResourceId m) -> tiers.getOrDefault(m, 1))
            .thenComparing(byRule)
            .thenComparing((ResourceId m) -> index.getOrDefault(m, 0)));
    return ordered;
  }

  /** Smaller is preferred: a count, or the latest creation time in epoch milliseconds. */
  private long score(ResourceId member, Instant start, MemberChoice.History history) {
    Duration window = this.window == null ? MAX_WINDOW : this.window;
    ZoneId zone = this.zone == null ? ZoneId.of("UTC") : this.zone;
    switch (rule) {
      case LEAST_RECENTLY_BOOKED:
        return history.timeHolding(member, start.minus(window), start.plus(window)).stream()
            .map(Appointment::createdAt)
            .max(Comparator.naturalOrder())
            .map(Instant::toEpochMilli)
            .orElse(Long.MIN_VALUE);
      case FEWEST_IN_DAY:
      case FEWEST_IN_WEEK:
        LocalDate day = start.atZone(zone).toLocalDate();
        LocalDate from = rule == Rule.FEWEST_IN_DAY ? day : day.with(DayOfWeek.MONDAY);
        LocalDate to = rule == Rule.FEWEST_IN_DAY ? from.plusDays(1) : from.plusDays(7);
        return count(
            history,
            member,
            from.atStartOfDay(zone).toInstant(),
            to.atStartOfDay(zone).toInstant());
      default:
        return 0L;
    }
  }

  /** Lowest count-to-weight ratio first, compared exactly by cross-multiplication. */
  private Comparator<ResourceId> weightedOrder(
      List<ResourceId> members, Instant start, MemberChoice.History history) {
    Duration window = this.window == null ? MAX_WINDOW : this.window;
    Map<ResourceId, Long> counts = new HashMap<>();
    for (ResourceId member : members) {
      counts.put(member, count(history, member, start.minus(window), start.plus(window)));
    }
    return (a, b) ->
        Long.compare(
            counts.getOrDefault(a, 0L) * weights.getOrDefault(b, 1),
            counts.getOrDefault(b, 0L) * weights.getOrDefault(a, 1));
  }

  private static long count(
      MemberChoice.History history, ResourceId member, Instant from, Instant to) {
    return history.timeHolding(member, from, to).stream()
        .filter(a -> !a.start().isBefore(from) && a.start().isBefore(to))
        .count();
  }

  private static Duration checkWindow(Duration window) {
    Checks.notNull(window, "window");
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new ValidationException("window", "must be positive and at most " + MAX_WINDOW);
    }
    return window;
  }

  @Override
  public String toString() {
    return "AssignmentPolicy{rule=" + rule + ", tiers=" + tiers + "}";
  }
}
