package dev.cita.scheduling.memory;

import dev.cita.scheduling.AppointmentPage;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.PlacementsRefusedException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.MemberChoice;
import dev.cita.scheduling.spi.Placement;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe {@link AppointmentStore} in memory, for tests, demos and single-node apps that do
 * not need persistence. Writes for one tenant and resource are serialized by a lock, so the
 * conflict check and the write are one atomic step (a collective appointment takes the locks of
 * every resource it holds, sorted by id, and is indexed under each of them); an idempotency key
 * names at most one appointment of a tenant (a second insert with it is a {@link
 * DuplicateAppointmentException} naming the holder); outbox entries passed with a write go into
 * {@link #outbox()} inside that step, after the check passed.
 */
public final class InMemoryAppointmentStore implements AppointmentStore {
  private record Key(TenantId tenant, AppointmentId id) {}

  private record ResourceKey(TenantId tenant, ResourceId resource) {}

  private record ExternalKey(TenantId tenant, String provider, String externalId) {}

  private record IdempotencyKey(TenantId tenant, String key) {}

  /** Orders appointments by start, then id. */
  private record StartKey(Instant start, String id) implements Comparable<StartKey> {
    @Override
    public int compareTo(StartKey o) {
      int byStart = start.compareTo(o.start);
      return byStart != 0 ? byStart : id.compareTo(o.id);
    }
  }

  private final Map<Key, Appointment> byId = new ConcurrentHashMap<>();
  private final Map<ResourceKey, ResourceIndex> byResource = new ConcurrentHashMap<>();
  private final Map<ResourceKey, Object> locks = new ConcurrentHashMap<>();
  private final Map<ExternalKey, AppointmentId> byExternalRef = new ConcurrentHashMap<>();

  /** Which appointment holds each idempotency key: one key never names two appointments. */
  private final Map<IdempotencyKey, AppointmentId> byIdempotencyKey = new ConcurrentHashMap<>();

  private final Map<TenantId, ConcurrentSkipListMap<StartKey, Appointment>> byTenantStart =
      new ConcurrentHashMap<>();
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();

  /** {@return the outbox this store writes entries into, for a {@code SyncWorker} to drain} */
  public InMemoryOutboxStore outbox() {
    return outbox;
  }

  @Override
  public Appointment insert(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version());
    return underLocks(
        keysOf(appointment, null), 0, () -> insertLocked(appointment, check, written));
  }

  /** The resource keys of {@code a} (and of {@code b}), sorted: the order every write locks in. */
  private static List<ResourceKey> keysOf(Appointment a, @Nullable Appointment b) {
    TreeSet<ResourceKey> keys = new TreeSet<>(InMemoryAppointmentStore::compare);
    a.resources().forEach(r -> keys.add(new ResourceKey(a.tenant(), r)));
    if (b != null) {
      b.resources().forEach(r -> keys.add(new ResourceKey(b.tenant(), r)));
    }
    return List.copyOf(keys);
  }

  /** An insert under the locks of every resource the appointment holds. */
  private Appointment insertLocked(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> written) {
    Key key = new Key(appointment.tenant(), appointment.id());
    if (byId.containsKey(key)) {
      throw new DuplicateAppointmentException(appointment.id());
    }
    IdempotencyKey idempotencyKey =
        appointment
            .idempotencyKey()
            .map(k -> new IdempotencyKey(appointment.tenant(), k))
            .orElse(null);
    AppointmentId holder = idempotencyKey == null ? null : byIdempotencyKey.get(idempotencyKey);
    if (holder != null) {
      throw new DuplicateAppointmentException(holder);
    }
    verify(appointment, check);
    // The lock is per resource: an insert of the same id or key for another resource may have
    // won meanwhile, so the key and the id are claimed atomically.
    if (idempotencyKey != null) {
      holder = byIdempotencyKey.putIfAbsent(idempotencyKey, appointment.id());
      if (holder != null) {
        throw new DuplicateAppointmentException(holder);
      }
    }
    if (byId.putIfAbsent(key, appointment) != null) {
      if (idempotencyKey != null) {
        byIdempotencyKey.remove(idempotencyKey, appointment.id());
      }
      throw new DuplicateAppointmentException(appointment.id());
    }
    appointment.resources().forEach(r -> index(keyOf(appointment, r)).put(appointment));
    indexStart(null, appointment);
    indexExternalRefs(appointment);
    outbox.append(written);
    return appointment;
  }

  @Override
  public Appointment insertAnyOf(List<Placement> placements, MemberChoice choice) {
    List<Placement> team = Placement.checkTeam(placements);
    Checks.notNull(choice, "choice");
    TenantId tenant = team.get(0).appointment().tenant();
    List<ResourceKey> keys =
        team.stream()
            .map(p -> new ResourceKey(tenant, p.appointment().resource()))
            .sorted(InMemoryAppointmentStore::compare)
            .toList();
    return underLocks(keys, 0, () -> insertChosen(team, choice));
  }

  /** Runs {@code write} holding the locks of {@code keys[from..]}, taken in the given order. */
  private <T> T underLocks(List<ResourceKey> keys, int from, Supplier<T> write) {
    if (from == keys.size()) {
      return write.get();
    }
    synchronized (lockFor(keys.get(from))) {
      return underLocks(keys, from + 1, write);
    }
  }

  /** The any-of write, under every member's lock (the locks are reentrant for {@link #insert}). */
  private Appointment insertChosen(List<Placement> team, MemberChoice choice) {
    TenantId tenant = team.get(0).appointment().tenant();
    Map<ResourceId, Placement> byMember = new HashMap<>();
    team.forEach(p -> byMember.put(p.appointment().resource(), p));
    List<ResourceId> order =
        choice.order(
            team.stream().map(p -> p.appointment().resource()).toList(),
            (member, from, to) -> findTimeHolding(tenant, member, from, to));
    @Nullable SlotUnavailableException first = null;
    for (ResourceId member : order) {
      Placement p = byMember.get(member);
      if (p == null) {
        continue;
      }
      try {
        return insert(p.appointment(), p.check(), p.outbox());
      } catch (SlotUnavailableException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
    throw new SlotUnavailableException(
        SlotUnavailableException.Reason.UNSPECIFIED, "the member choice named no member");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: under the monitors of every resource (sorted), every check is run against a view of
   * the store with the earlier accepted placements in it; then the ids and keys are claimed (all or
   * none) and everything is written.
   */
  @Override
  public List<Appointment> insertAll(List<Placement> placements) {
    List<Placement> batch = Placement.checkBatch(placements);
    List<List<OutboxEntry>> written = new ArrayList<>();
    batch.forEach(p -> written.add(checkedOutbox(p.appointment(), p.outbox(), 0)));
    return underLocks(lockKeys(batch, List.of()), 0, () -> insertAllLocked(batch, written));
  }

  private List<Appointment> insertAllLocked(List<Placement> batch, List<List<OutboxEntry>> out) {
    Map<AppointmentId, SlotUnavailableException> refused = new LinkedHashMap<>();
    Map<AppointmentId, Appointment> accepted = new LinkedHashMap<>();
    for (Placement p : batch) {
      Appointment a = p.appointment();
      if (byId.containsKey(new Key(a.tenant(), a.id()))) {
        throw new DuplicateAppointmentException(a.id());
      }
      AppointmentId holder =
          a.idempotencyKey()
              .map(k -> byIdempotencyKey.get(new IdempotencyKey(a.tenant(), k)))
              .orElse(null);
      if (holder != null) {
        throw new DuplicateAppointmentException(holder);
      }
      checkInBatch(p, accepted, refused);
    }
    if (!refused.isEmpty()) {
      throw new PlacementsRefusedException(refused);
    }
    List<Appointment> claimed = new ArrayList<>();
    try {
      for (Placement p : batch) {
        claim(p.appointment());
        claimed.add(p.appointment());
      }
    } catch (DuplicateAppointmentException e) {
      claimed.forEach(this::unclaim); // won by a write on another resource meanwhile
      throw e;
    }
    for (int i = 0; i < batch.size(); i++) {
      Appointment a = batch.get(i).appointment();
      index(new ResourceKey(a.tenant(), a.resource())).put(a);
      indexStart(null, a);
      indexExternalRefs(a);
      outbox.append(out.get(i));
    }
    return List.copyOf(claimed);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: under the monitors of every resource the appointments are at and go to (sorted), every
   * version and check is checked against a view of the store with the earlier accepted placements
   * applied; then everything is written.
   */
  @Override
  public List<Appointment> updateAll(List<Placement> placements) {
    List<Placement> batch = Placement.checkBatch(placements);
    List<List<OutboxEntry>> written = new ArrayList<>();
    List<Appointment> stored = new ArrayList<>();
    for (Placement p : batch) {
      Appointment a = p.appointment();
      written.add(checkedOutbox(a, p.outbox(), a.version() + 1));
      Appointment seen = byId.get(new Key(a.tenant(), a.id()));
      if (seen == null) {
        throw new NotFoundException("appointment", a.id());
      }
      if (!seen.participants().isEmpty()) {
        throw new ValidationException(
            "placements", "appointment " + a.id() + " is collective: update it alone");
      }
      stored.add(seen);
    }
    return underLocks(lockKeys(batch, stored), 0, () -> updateAllLocked(batch, stored, written));
  }

  private List<Appointment> updateAllLocked(
      List<Placement> batch, List<Appointment> seen, List<List<OutboxEntry>> out) {
    Map<AppointmentId, SlotUnavailableException> refused = new LinkedHashMap<>();
    Map<AppointmentId, Appointment> accepted = new LinkedHashMap<>();
    List<Appointment> current = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Appointment a = batch.get(i).appointment();
      Appointment now = byId.get(new Key(a.tenant(), a.id()));
      if (now == null) {
        throw new NotFoundException("appointment", a.id());
      }
      if (now.version() != a.version() || !now.resource().equals(seen.get(i).resource())) {
        throw new ConcurrentUpdateException(
            "appointment " + a.id() + " changed meanwhile (version " + now.version() + ")");
      }
      current.add(now);
      checkInBatch(batch.get(i), accepted, refused);
    }
    if (!refused.isEmpty()) {
      throw new PlacementsRefusedException(refused);
    }
    List<Appointment> result = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Appointment a = batch.get(i).appointment();
      Appointment before = current.get(i);
      Appointment next = a.toBuilder().version(a.version() + 1).build();
      index(new ResourceKey(before.tenant(), before.resource())).remove(before);
      index(new ResourceKey(a.tenant(), a.resource())).put(next);
      byId.put(new Key(a.tenant(), a.id()), next);
      indexStart(before, next);
      indexExternalRefs(next);
      outbox.append(out.get(i));
      result.add(next);
    }
    return List.copyOf(result);
  }

  /**
   * Runs one placement's check against the store as the batch's earlier accepted placements ({@code
   * accepted}, by id) would leave it; records the placement as accepted or refused.
   */
  private void checkInBatch(
      Placement p,
      Map<AppointmentId, Appointment> accepted,
      Map<AppointmentId, SlotUnavailableException> refused) {
    Appointment a = p.appointment();
    Optional<TimeInterval> range = p.check().lookupRange();
    List<Appointment> existing = new ArrayList<>();
    if (range.isPresent()) {
      ResourceKey rk = new ResourceKey(a.tenant(), a.resource());
      for (Appointment other : overlapping(rk, range.get(), a.id())) {
        if (!accepted.containsKey(other.id())) {
          existing.add(other);
        }
      }
      for (Appointment other : accepted.values()) {
        if (other.resource().equals(a.resource())
            && AppointmentLifecycle.holdsTime(other.status())
            && other.interval().overlaps(range.get())) {
          existing.add(other);
        }
      }
      existing.sort(
          java.util.Comparator.comparing(Appointment::start).thenComparing(x -> x.id().value()));
    }
    try {
      p.check().verify(a, existing);
      accepted.put(a.id(), a);
    } catch (SlotUnavailableException e) {
      refused.put(a.id(), e);
    }
  }

  /** Claims an appointment's id and idempotency key, both or neither. */
  private void claim(Appointment a) {
    IdempotencyKey key =
        a.idempotencyKey().map(k -> new IdempotencyKey(a.tenant(), k)).orElse(null);
    if (key != null) {
      AppointmentId holder = byIdempotencyKey.putIfAbsent(key, a.id());
      if (holder != null) {
        throw new DuplicateAppointmentException(holder);
      }
    }
    if (byId.putIfAbsent(new Key(a.tenant(), a.id()), a) != null) {
      if (key != null) {
        byIdempotencyKey.remove(key, a.id());
      }
      throw new DuplicateAppointmentException(a.id());
    }
  }

  private void unclaim(Appointment a) {
    byId.remove(new Key(a.tenant(), a.id()), a);
    a.idempotencyKey()
        .ifPresent(k -> byIdempotencyKey.remove(new IdempotencyKey(a.tenant(), k), a.id()));
  }

  /** The sorted, distinct lock keys of the placements' resources and of {@code stored}'s. */
  private static List<ResourceKey> lockKeys(List<Placement> batch, List<Appointment> stored) {
    List<ResourceKey> keys = new ArrayList<>();
    batch.forEach(
        p -> keys.add(new ResourceKey(p.appointment().tenant(), p.appointment().resource())));
    stored.forEach(a -> keys.add(new ResourceKey(a.tenant(), a.resource())));
    return keys.stream().distinct().sorted(InMemoryAppointmentStore::compare).toList();
  }

  @Override
  public List<Appointment> findSeries(TenantId tenant, SeriesId series) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(series, "series");
    List<Appointment> out = new ArrayList<>();
    for (Appointment a : byId.values()) {
      if (a.tenant().equals(tenant) && a.seriesId().filter(series::equals).isPresent()) {
        out.add(a);
      }
    }
    out.sort(
        java.util.Comparator.comparing((Appointment a) -> a.occurrenceStart().orElseThrow())
            .thenComparing(a -> a.id().value()));
    return out;
  }

  @Override
  public Appointment update(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version() + 1);
    Key key = new Key(appointment.tenant(), appointment.id());
    while (true) {
      Appointment seen = byId.get(key);
      if (seen == null) {
        throw new NotFoundException("appointment", appointment.id());
      }
      // Hold the locks of every resource the appointment holds now as well as of those it goes to
      // (in a fixed order), so that two updates based on one version never both win, even when
      // one of them moves the appointment to other resources.
      Optional<Appointment> stored =
          underLocks(
              keysOf(seen, appointment), 0, () -> updateLocked(seen, appointment, check, written));
      if (stored.isPresent()) {
        return stored.get();
      }
    }
  }

  /**
   * An update under the locks of {@code seen}'s and the new resources; empty if moved meanwhile.
   */
  private Optional<Appointment> updateLocked(
      Appointment seen, Appointment appointment, ConflictCheck check, List<OutboxEntry> written) {
    Key key = new Key(appointment.tenant(), appointment.id());
    Appointment current = byId.get(key);
    if (current == null) {
      throw new NotFoundException("appointment", appointment.id());
    }
    if (!current.resources().equals(seen.resources())) {
      return Optional.empty(); // moved meanwhile: take the locks of where it is now
    }
    if (current.version() != appointment.version()) {
      throw new ConcurrentUpdateException(
          "appointment "
              + appointment.id()
              + " is at version "
              + current.version()
              + ", the update was based on version "
              + appointment.version());
    }
    verify(appointment, check);
    Appointment stored = appointment.toBuilder().version(appointment.version() + 1).build();
    current.resources().forEach(r -> index(keyOf(current, r)).remove(current));
    stored.resources().forEach(r -> index(keyOf(stored, r)).put(stored));
    byId.put(key, stored);
    indexStart(current, stored);
    indexExternalRefs(stored);
    outbox.append(written);
    return Optional.of(stored);
  }

  /** Checks, before anything is written, that every entry describes this write. */
  private List<OutboxEntry> checkedOutbox(Appointment a, List<OutboxEntry> entries, long sequence) {
    Checks.notNull(entries, "outbox");
    List<OutboxEntry> copy = List.copyOf(entries);
    for (int i = 0; i < copy.size(); i++) {
      OutboxEntry e = copy.get(i);
      String field = "outbox[" + i + "]";
      if (!e.tenant().equals(a.tenant()) || !e.appointmentId().equals(a.id())) {
        throw new ValidationException(
            field, "belongs to another appointment: " + e.appointmentId());
      }
      if (e.sequence() != sequence) {
        throw new ValidationException(
            field + ".sequence", "must be " + sequence + ", was " + e.sequence());
      }
      if (e.status() != OutboxStatus.PENDING || e.claimOwner().isPresent()) {
        throw new ValidationException(field + ".status", "must be PENDING and unclaimed");
      }
      if (outbox.contains(e.id())) {
        throw new ValidationException(field + ".id", "exists already: " + e.id());
      }
    }
    return copy;
  }

  private static int compare(ResourceKey a, ResourceKey b) {
    int byTenant = a.tenant().value().compareTo(b.tenant().value());
    return byTenant != 0 ? byTenant : a.resource().value().compareTo(b.resource().value());
  }

  @Override
  public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return Optional.ofNullable(byId.get(new Key(tenant, id)));
  }

  @Override
  public Optional<Appointment> findByExternalRef(
      TenantId tenant, String provider, String externalId) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    Checks.notBlank(externalId, "externalId");
    AppointmentId id = byExternalRef.get(new ExternalKey(tenant, provider, externalId));
    return id == null
        ? Optional.empty()
        : find(tenant, id).filter(a -> a.holdsEvent(provider, externalId));
  }

  @Override
  public List<Appointment> findTimeHolding(
      TenantId tenant, ResourceId resource, Instant from, Instant to) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    return overlapping(new ResourceKey(tenant, resource), new TimeInterval(from, to), null);
  }

  @Override
  public List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to) {
    Checks.notNull(tenant, "tenant");
    TimeInterval range = new TimeInterval(from, to);
    ConcurrentSkipListMap<StartKey, Appointment> index = byTenantStart.get(tenant);
    if (index == null) {
      return List.of();
    }
    List<Appointment> out = new ArrayList<>();
    for (Appointment a :
        index
            .subMap(new StartKey(range.start(), ""), true, new StartKey(range.end(), ""), false)
            .values()) {
      if (AppointmentLifecycle.holdsTime(a.status())) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public AppointmentPage findByAttendee(AttendeeQuery query) {
    Checks.notNull(query, "query");
    ConcurrentSkipListMap<StartKey, Appointment> index = byTenantStart.get(query.tenant());
    if (index == null) {
      return AppointmentPage.of(query, List.of());
    }
    Instant from = query.startingFrom().orElse(Instant.MIN);
    if (query.after().isPresent() && query.after().get().start().isAfter(from)) {
      from = query.after().get().start();
    }
    List<Appointment> out = new ArrayList<>();
    for (Appointment a : index.tailMap(new StartKey(from, ""), true).values()) {
      if (out.size() == query.limit()
          || query.startingBefore().map(b -> !a.start().isBefore(b)).orElse(false)) {
        break;
      }
      if (query.matches(a)) {
        out.add(a);
      }
    }
    return AppointmentPage.of(query, out);
  }

  /**
   * Keeps the per-tenant start index in step with a write; called under the resource lock. The new
   * entry goes in before the old one leaves, so a concurrent reader never misses the appointment
   * (it may briefly see both; readers re-read by id before acting).
   */
  private void indexStart(@Nullable Appointment before, Appointment after) {
    ConcurrentSkipListMap<StartKey, Appointment> index =
        byTenantStart.computeIfAbsent(after.tenant(), t -> new ConcurrentSkipListMap<>());
    StartKey now = new StartKey(after.start(), after.id().value());
    index.put(now, after);
    if (before != null) {
      StartKey old = new StartKey(before.start(), before.id().value());
      if (!old.equals(now)) {
        index.remove(old);
      }
    }
  }

  /** {@return the number of appointments stored, of every status} */
  public int size() {
    return byId.size();
  }

  /** Runs the check for every resource the candidate holds, against that resource's rows. */
  private void verify(Appointment candidate, ConflictCheck check) {
    Optional<TimeInterval> range = check.lookupRange();
    for (ResourceId r : candidate.resources()) {
      List<Appointment> existing =
          range.isPresent()
              ? overlapping(keyOf(candidate, r), range.get(), candidate.id())
              : List.of();
      check.verify(r, candidate, existing);
    }
  }

  private static ResourceKey keyOf(Appointment a, ResourceId resource) {
    return new ResourceKey(a.tenant(), resource);
  }

  private List<Appointment> overlapping(
      ResourceKey rk, TimeInterval range, @Nullable AppointmentId except) {
    ResourceIndex index = byResource.get(rk);
    return index == null ? List.of() : index.overlapping(range, except);
  }

  private void indexExternalRefs(Appointment a) {
    a.externalRefs()
        .forEach(
            (provider, externalId) ->
                byExternalRef.put(new ExternalKey(a.tenant(), provider, externalId), a.id()));
    // A collective appointment's events in its members' own calendars find it too.
    a.memberRefs()
        .forEach(
            (provider, events) ->
                events
                    .values()
                    .forEach(
                        externalId ->
                            byExternalRef.put(
                                new ExternalKey(a.tenant(), provider, externalId), a.id())));
  }

  private ResourceIndex index(ResourceKey rk) {
    return byResource.computeIfAbsent(rk, k -> new ResourceIndex());
  }

  private Object lockFor(ResourceKey rk) {
    return locks.computeIfAbsent(rk, k -> new Object());
  }

  /**
   * One resource's appointments ordered by start, so a range lookup reads only the appointments
   * near the range instead of all of them. Written only under the resource's lock.
   */
  private static final class ResourceIndex {
    private final ConcurrentSkipListMap<StartKey, Appointment> byStart =
        new ConcurrentSkipListMap<>();

    /**
     * The longest appointment ever stored here: how far before a range an overlapping one may
     * start.
     */
    private volatile Duration longest = Duration.ZERO;

    void put(Appointment a) {
      byStart.put(new StartKey(a.start(), a.id().value()), a);
      Duration length = Duration.between(a.start(), a.end());
      if (length.compareTo(longest) > 0) {
        longest = length;
      }
    }

    void remove(Appointment a) {
      byStart.remove(new StartKey(a.start(), a.id().value()));
    }

    List<Appointment> overlapping(TimeInterval range, @Nullable AppointmentId except) {
      StartKey from = new StartKey(range.start().minus(longest), "");
      StartKey to = new StartKey(range.end(), "");
      List<Appointment> out = new ArrayList<>();
      for (Appointment a : byStart.subMap(from, true, to, false).values()) {
        if (AppointmentLifecycle.holdsTime(a.status())
            && !a.id().equals(except)
            && a.end().isAfter(range.start())) {
          out.add(a);
        }
      }
      return out;
    }
  }
}
