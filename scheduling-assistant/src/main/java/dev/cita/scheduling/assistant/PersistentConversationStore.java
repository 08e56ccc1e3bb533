package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConversationStore} over a core {@link ConversationStateStore} (such as {@code
 * JdbcConversationStateStore}), so conversations survive restarts and every app node sees the same
 * ones. Each {@link Conversation} is stored as JSON under the tenant and the customer's E.164
 * phone, and expires {@link Builder#timeToLive(Duration) a while} (30 days by default) after its
 * last message; purge expired rows with {@link ConversationStateStore#purgeExpired} on a schedule,
 * and {@link #forget} a customer who asks to be erased.
 *
 * <pre>{@code
 * ConversationStore conversations = PersistentConversationStore.builder(new JdbcConversationStateStore(dataSource))
 *     .clock(clock)
 *     .build();
 * BookingAssistant assistant = BookingAssistant.builder(bookingService)
 *     .clock(clock).conversationStore(conversations).tenant(clinic, config).build();
 * }</pre>
 *
 * <p>Two messages of one customer handled at once on two nodes: the later save wins, as with the
 * in-memory store; a booking is still made at most once, because its idempotency key comes from the
 * conversation's proposal id. A stored conversation that no longer decodes (written by a newer
 * format, or damaged) is logged and treated as absent, so the customer starts over instead of being
 * stuck. Phone numbers are masked in logs and never in exception messages.
 */
public final class PersistentConversationStore implements ConversationStore {
  private static final Logger log = LoggerFactory.getLogger(PersistentConversationStore.class);

  /** How long a conversation is kept after its last change when no time to live is set. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(30);

  private final ConversationStateStore states;
  private final Clock clock;
  private final Duration timeToLive;

  private PersistentConversationStore(Builder b) {
    this.states = b.states;
    this.clock = b.clock;
    this.timeToLive = b.timeToLive;
  }

  /**
   * Starts a store that keeps conversations in a core state store.
   *
   * @param states the durable store, such as {@code JdbcConversationStateStore}
   * @return a builder; every other setting has a default
   */
  public static Builder builder(ConversationStateStore states) {
    return new Builder(Checks.notNull(states, "conversationStateStore"));
  }

  @Override
  public Optional<Conversation> find(TenantId tenant, String customerPhone) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(customerPhone, "customerPhone");
    return states
        .find(tenant, customerPhone, clock.instant())
        .flatMap(
            row -> {
              try {
                return Optional.of(ConversationJson.read(row.state()));
              } catch (IOException | RuntimeException e) {
                // The exception's message may quote the stored JSON: log its type only.
                log.warn(
                    "Stored conversation of tenant {} customer {} (version {}) does not"
                        + " decode ({}); starting over",
                    tenant,
                    Attendee.maskPhone(customerPhone),
                    row.version(),
                    e.getClass().getSimpleName());
                return Optional.empty();
              }
            });
  }

  @Override
  public void save(TenantId tenant, String customerPhone, Conversation conversation) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(customerPhone, "customerPhone");
    Checks.notNull(conversation, "conversation");
    Instant now = clock.instant();
    states.save(
        tenant, customerPhone, ConversationJson.write(conversation), now, now.plus(timeToLive));
  }

  /**
   * Deletes the customer's conversation with a tenant, for an erasure request.
   *
   * @param tenant the business
   * @param customerPhone the customer's phone, E.164
   * @return true if there was one
   */
  public boolean forget(TenantId tenant, String customerPhone) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(customerPhone, "customerPhone");
    return states.delete(tenant, customerPhone);
  }

  /** Configures a {@link PersistentConversationStore}. */
  public static final class Builder {
    private final ConversationStateStore states;
    private Clock clock = Clock.systemUTC();
    private Duration timeToLive = DEFAULT_TIME_TO_LIVE;

    private Builder(ConversationStateStore states) {
      this.states = states;
    }

    /**
     * The clock "now" is read from; use the assistant's.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * How long a conversation is kept after its last change; 30 days by default.
     *
     * @param timeToLive a positive duration
     * @return this builder
     */
    public Builder timeToLive(Duration timeToLive) {
      this.timeToLive = Checks.positive(timeToLive, "timeToLive");
      return this;
    }

    /** {@return the store, thread-safe} */
    public PersistentConversationStore build() {
      return new PersistentConversationStore(this);
    }
  }
}
