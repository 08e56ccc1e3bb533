package dev.cita.scheduling.sync;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One booking change that must reach one calendar provider: written together with the appointment
 * change (see {@code AppointmentStore#insert(Appointment, ConflictCheck, List)}) and pushed later
 * by a {@link SyncWorker}. Immutable; stores build changed copies with {@link #toBuilder()}.
 *
 * <p>{@link #sequence()} is the appointment version the change produced (an insert gives 0, each
 * update the previous version + 1), so the entries of one appointment and provider are pushed in
 * the order the changes were made.
 */
public final class OutboxEntry {
  /** Longest {@link #lastError()} kept; longer texts are cut. */
  public static final int MAX_ERROR_LENGTH = 500;

  private final String id;
  private final TenantId tenant;
  private final AppointmentId appointmentId;
  private final String provider;
  private final SyncAction action;
  private final long sequence;
  private final OutboxStatus status;
  private final int attempts;
  private final int claims;
  private final Instant nextAttemptAt;
  private final @Nullable String lastError;
  private final Instant createdAt;
  private final @Nullable String claimOwner;
  private final @Nullable Instant leaseUntil;

  private OutboxEntry(Builder b) {
    this.id = Checks.notBlank(b.id, "outbox.id");
    this.tenant = Checks.notNull(b.tenant, "outbox.tenant");
    this.appointmentId = Checks.notNull(b.appointmentId, "outbox.appointmentId");
    this.provider = Checks.notBlank(b.provider, "outbox.provider");
    this.action = Checks.notNull(b.action, "outbox.action");
    if (b.sequence < 0) {
      throw new ValidationException("outbox.sequence", "must not be negative, was " + b.sequence);
    }
    this.sequence = b.sequence;
    this.status = Checks.notNull(b.status, "outbox.status");
    this.attempts = Checks.atLeast(b.attempts, 0, "outbox.attempts");
    this.claims = Checks.atLeast(b.claims, 0, "outbox.claims");
    this.nextAttemptAt = Checks.notNull(b.nextAttemptAt, "outbox.nextAttemptAt");
    this.createdAt = Checks.notNull(b.createdAt, "outbox.createdAt");
    this.lastError = b.lastError == null ? null : truncate(b.lastError);
    if ((b.claimOwner == null) != (b.leaseUntil == null)) {
      throw new ValidationException("outbox.claimOwner", "a claim needs both an owner and a lease end");
    }
    this.claimOwner = b.claimOwner;
    this.leaseUntil = b.leaseUntil;
  }

  /**
   * A new PENDING entry, due at once, with a random id.
   *
   * @param sequence the appointment version the change produced
   */
  public static OutboxEntry pending(TenantId tenant, AppointmentId appointmentId, String provider,
      SyncAction action, long sequence, Instant now) {
    return builder()
        .id(UUID.randomUUID().toString())
        .tenant(tenant)
        .appointmentId(appointmentId)
        .provider(provider)
        .action(action)
        .sequence(sequence)
        .status(OutboxStatus.PENDING)
        .nextAttemptAt(now)
        .createdAt(now)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.tenant = tenant;
    b.appointmentId = appointmentId;
    b.provider = provider;
    b.action = action;
    b.sequence = sequence;
    b.status = status;
    b.attempts = attempts;
    b.claims = claims;
    b.nextAttemptAt = nextAttemptAt;
    b.lastError = lastError;
    b.createdAt = createdAt;
    b.claimOwner = claimOwner;
    b.leaseUntil = leaseUntil;
    return b;
  }

  public String id() {
    return id;
  }

  public TenantId tenant() {
    return tenant;
  }

  public AppointmentId appointmentId() {
    return appointmentId;
  }

  /** The {@code CalendarProvider#id()} this entry goes to. */
  public String provider() {
    return provider;
  }

  public SyncAction action() {
    return action;
  }

  /** The appointment version this change produced; orders the entries of one appointment. */
  public long sequence() {
    return sequence;
  }

  public OutboxStatus status() {
    return status;
  }

  /** Failed attempts so far. */
  public int attempts() {
    return attempts;
  }

  /**
   * How many times a worker has claimed the entry. Claims that ended in neither a failure nor
   * completion ({@code claims - attempts}, less the one in progress) mean a worker died while
   * pushing it; {@code SyncWorker} caps those too.
   */
  public int claims() {
    return claims;
  }

  /** Not claimed before this instant. */
  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  /** A short description of the last failure; never contains secrets. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The worker that claimed this entry, while it holds (or held) a lease. */
  public Optional<String> claimOwner() {
    return Optional.ofNullable(claimOwner);
  }

  /** When the current claim's lease ends; after that another worker may claim the entry. */
  public Optional<Instant> leaseUntil() {
    return Optional.ofNullable(leaseUntil);
  }

  /** True if a worker holds an unexpired lease on this entry at {@code now}. */
  public boolean isLeasedAt(Instant now) {
    return leaseUntil != null && leaseUntil.isAfter(now);
  }

  private static String truncate(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutboxEntry e)) {
      return false;
    }
    return sequence == e.sequence && attempts == e.attempts && claims == e.claims && id.equals(e.id) && tenant.equals(e.tenant)
        && appointmentId.equals(e.appointmentId) && provider.equals(e.provider) && action == e.action
        && status == e.status && nextAttemptAt.equals(e.nextAttemptAt) && Objects.equals(lastError, e.lastError)
        && createdAt.equals(e.createdAt) && Objects.equals(claimOwner, e.claimOwner)
        && Objects.equals(leaseUntil, e.leaseUntil);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "OutboxEntry{" + id + ' ' + action + " appointment=" + appointmentId + " seq=" + sequence
        + " provider=" + provider + " tenant=" + tenant + ' ' + status + " attempts=" + attempts + '}';
  }

  /** Builds an {@link OutboxEntry}; {@link #build()} checks every field and names the bad one. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable TenantId tenant;
    private @Nullable AppointmentId appointmentId;
    private @Nullable String provider;
    private @Nullable SyncAction action;
    private long sequence;
    private OutboxStatus status = OutboxStatus.PENDING;
    private int attempts;
    private int claims;
    private @Nullable Instant nextAttemptAt;
    private @Nullable String lastError;
    private @Nullable Instant createdAt;
    private @Nullable String claimOwner;
    private @Nullable Instant leaseUntil;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder appointmentId(AppointmentId appointmentId) {
      this.appointmentId = appointmentId;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder action(SyncAction action) {
      this.action = action;
      return this;
    }

    public Builder sequence(long sequence) {
      this.sequence = sequence;
      return this;
    }

    public Builder status(OutboxStatus status) {
      this.status = status;
      return this;
    }

    public Builder claims(int claims) {
      this.claims = claims;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder nextAttemptAt(Instant nextAttemptAt) {
      this.nextAttemptAt = nextAttemptAt;
      return this;
    }

    /** The last failure, if there was one. */
    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets the claim; pass nulls for both to release it. */
    public Builder claim(@Nullable String owner, @Nullable Instant leaseUntil) {
      this.claimOwner = owner;
      this.leaseUntil = leaseUntil;
      return this;
    }

    public OutboxEntry build() {
      return new OutboxEntry(this);
    }
  }
}
