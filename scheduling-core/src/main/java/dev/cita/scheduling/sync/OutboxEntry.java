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

  /** Longest {@link #detail()} accepted. */
  public static final int MAX_DETAIL_LENGTH = 500;

  private final String id;
  private final TenantId tenant;
  private final AppointmentId appointmentId;
  private final String provider;
  private final SyncAction action;
  private final long sequence;
  private final OutboxStatus status;
  private final int attempts;
  private final int claims;
  private final boolean possiblySent;
  private final Instant nextAttemptAt;
  private final @Nullable String lastError;
  private final Instant createdAt;
  private final @Nullable String claimOwner;
  private final @Nullable Instant leaseUntil;
  private final @Nullable String detail;

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
    this.possiblySent = b.possiblySent;
    this.nextAttemptAt = Checks.notNull(b.nextAttemptAt, "outbox.nextAttemptAt");
    this.createdAt = Checks.notNull(b.createdAt, "outbox.createdAt");
    this.lastError = b.lastError == null ? null : truncate(b.lastError);
    if ((b.claimOwner == null) != (b.leaseUntil == null)) {
      throw new ValidationException(
          "outbox.claimOwner", "a claim needs both an owner and a lease end");
    }
    this.claimOwner = b.claimOwner;
    this.leaseUntil = b.leaseUntil;
    if (b.detail != null && (b.detail.isBlank() || b.detail.length() > MAX_DETAIL_LENGTH)) {
      throw new ValidationException(
          "outbox.detail", "must be 1 to " + MAX_DETAIL_LENGTH + " characters and not blank");
    }
    this.detail = b.detail;
  }

  /**
   * A new PENDING entry, due at once, with a random id.
   *
   * @param tenant the tenant
   * @param appointmentId the appointment that changed
   * @param provider the provider id the change goes to
   * @param action what the provider must do
   * @param sequence the appointment version the change produced
   * @param now when the change was made; the entry is due from then
   * @return the entry
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or {@code sequence}
   *     is negative
   */
  public static OutboxEntry pending(
      TenantId tenant,
      AppointmentId appointmentId,
      String provider,
      SyncAction action,
      long sequence,
      Instant now) {
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

  /** {@return an empty builder, status {@code PENDING}, for stores that read entries back} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding every field of this entry} Stores use it to make changed copies. */
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
    b.possiblySent = possiblySent;
    b.nextAttemptAt = nextAttemptAt;
    b.lastError = lastError;
    b.createdAt = createdAt;
    b.claimOwner = claimOwner;
    b.leaseUntil = leaseUntil;
    b.detail = detail;
    return b;
  }

  /** {@return the entry's id, unique in its store} */
  public String id() {
    return id;
  }

  /** {@return the tenant the appointment belongs to} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the appointment that changed} */
  public AppointmentId appointmentId() {
    return appointmentId;
  }

  /** {@return the {@code CalendarProvider#id()} this entry goes to} */
  public String provider() {
    return provider;
  }

  /** {@return what the provider must do with the appointment's remote event} */
  public SyncAction action() {
    return action;
  }

  /**
   * {@return the appointment version this change produced; orders the entries of one appointment}
   */
  public long sequence() {
    return sequence;
  }

  /** {@return where the entry is in its life: pending, done or dead} */
  public OutboxStatus status() {
    return status;
  }

  /** {@return how many attempts failed so far} */
  public int attempts() {
    return attempts;
  }

  /**
   * How many times a worker has claimed the entry. Claims that ended in neither a failure nor
   * completion ({@code claims - attempts}, less the one in progress) mean a worker died while
   * pushing it; {@code SyncWorker} caps those too.
   *
   * @return the number of claims, including the current one
   */
  public int claims() {
    return claims;
  }

  /**
   * True once a failed attempt may have reached the provider (its outcome is unknown, or a worker
   * stopped while pushing); false while every failure is known not to have acted remotely (no
   * connection, or a refusal). Never reset, not even by a requeue. {@code SyncWorker} may drop a
   * create of an appointment cancelled since only while this is false: nothing was ever sent.
   *
   * @return whether an attempt may have reached the provider
   */
  public boolean possiblySent() {
    return possiblySent;
  }

  /** {@return the instant before which the entry is not claimed} */
  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  /**
   * {@return a short description of the last failure; never contains secrets} Empty if no attempt
   * failed.
   */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** {@return when the change was made} */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * {@return the worker that claimed this entry, while it holds (or held) a lease} Empty if it was
   * never claimed or was released.
   */
  public Optional<String> claimOwner() {
    return Optional.ofNullable(claimOwner);
  }

  /**
   * {@return when the current claim's lease ends; after that another worker may claim the entry}
   * Empty when not claimed.
   */
  public Optional<Instant> leaseUntil() {
    return Optional.ofNullable(leaseUntil);
  }

  /**
   * True if a worker holds an unexpired lease on this entry at {@code now}.
   *
   * @param now the current instant
   * @return whether the lease runs past {@code now}
   */
  public boolean isLeasedAt(Instant now) {
    return leaseUntil != null && leaseUntil.isAfter(now);
  }

  /**
   * What the entry's worker needs and cannot read from the appointment later, in a format of that
   * worker's own (the notification queue keeps the message kind, the origin provider and a
   * reschedule's previous start here); calendar sync entries have none. Never holds secrets or
   * personal data.
   *
   * @return the detail; empty if none
   */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
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
    return sequence == e.sequence
        && attempts == e.attempts
        && claims == e.claims
        && possiblySent == e.possiblySent
        && id.equals(e.id)
        && tenant.equals(e.tenant)
        && appointmentId.equals(e.appointmentId)
        && provider.equals(e.provider)
        && action == e.action
        && status == e.status
        && nextAttemptAt.equals(e.nextAttemptAt)
        && Objects.equals(lastError, e.lastError)
        && createdAt.equals(e.createdAt)
        && Objects.equals(claimOwner, e.claimOwner)
        && Objects.equals(leaseUntil, e.leaseUntil)
        && Objects.equals(detail, e.detail);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "OutboxEntry{"
        + id
        + ' '
        + action
        + " appointment="
        + appointmentId
        + " seq="
        + sequence
        + " provider="
        + provider
        + " tenant="
        + tenant
        + ' '
        + status
        + " attempts="
        + attempts
        + '}';
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
    private boolean possiblySent;
    private @Nullable Instant nextAttemptAt;
    private @Nullable String lastError;
    private @Nullable Instant createdAt;
    private @Nullable String claimOwner;
    private @Nullable Instant leaseUntil;
    private @Nullable String detail;

    private Builder() {}

    /**
     * Sets the id (required).
     *
     * @param id not blank
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the tenant (required).
     *
     * @param tenant the tenant
     * @return this builder
     */
    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the appointment (required).
     *
     * @param appointmentId the appointment's id
     * @return this builder
     */
    public Builder appointmentId(AppointmentId appointmentId) {
      this.appointmentId = appointmentId;
      return this;
    }

    /**
     * Sets the provider the entry goes to (required).
     *
     * @param provider the provider id, not blank
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /**
     * Sets what the provider must do (required).
     *
     * @param action the action
     * @return this builder
     */
    public Builder action(SyncAction action) {
      this.action = action;
      return this;
    }

    /**
     * Sets the appointment version the change produced; 0 by default.
     *
     * @param sequence not negative
     * @return this builder
     */
    public Builder sequence(long sequence) {
      this.sequence = sequence;
      return this;
    }

    /**
     * Sets the status; {@code PENDING} by default.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(OutboxStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Sets how many times the entry was claimed; 0 by default.
     *
     * @param claims not negative
     * @return this builder
     */
    public Builder claims(int claims) {
      this.claims = claims;
      return this;
    }

    /**
     * See {@link OutboxEntry#possiblySent()}; default false.
     *
     * @param possiblySent whether an attempt may have reached the provider
     * @return this builder
     */
    public Builder possiblySent(boolean possiblySent) {
      this.possiblySent = possiblySent;
      return this;
    }

    /**
     * Sets how many attempts failed; 0 by default.
     *
     * @param attempts not negative
     * @return this builder
     */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /**
     * Sets when the entry is next due (required).
     *
     * @param nextAttemptAt the instant
     * @return this builder
     */
    public Builder nextAttemptAt(Instant nextAttemptAt) {
      this.nextAttemptAt = nextAttemptAt;
      return this;
    }

    /**
     * The last failure, or null for none.
     *
     * @param lastError a short description without secrets; longer than {@value
     *     OutboxEntry#MAX_ERROR_LENGTH} characters is cut
     * @return this builder
     */
    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    /**
     * Sets when the change was made (required).
     *
     * @param createdAt the instant
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Sets the claim; pass nulls for both to release it.
     *
     * @param owner the claiming worker's id
     * @param leaseUntil when the claim ends
     * @return this builder
     */
    public Builder claim(@Nullable String owner, @Nullable Instant leaseUntil) {
      this.claimOwner = owner;
      this.leaseUntil = leaseUntil;
      return this;
    }

    /**
     * See {@link OutboxEntry#detail()}; default none.
     *
     * @param detail 1 to {@value OutboxEntry#MAX_DETAIL_LENGTH} characters, not blank, or null for
     *     none
     * @return this builder
     */
    public Builder detail(@Nullable String detail) {
      this.detail = detail;
      return this;
    }

    /**
     * Validates the fields and builds the entry.
     *
     * @return the entry
     * @throws dev.cita.scheduling.ValidationException naming the first missing or invalid field, or
     *     a claim with only one of owner and lease end
     */
    public OutboxEntry build() {
      return new OutboxEntry(this);
    }
  }
}
