package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Makes {@link RateLimiter}s over one store of Bucket4j buckets: {@link #inMemory} for one node,
 * {@link #postgres} for every node of an application sharing one PostgreSQL database (a key's
 * bucket is one row, read and written under {@code SELECT ... FOR UPDATE}, so two nodes never both
 * take its last permit). Each limiter has a name and a {@link Limit}; its keys are stored as {@code
 * name:key}, so limiters of one store never share a bucket.
 *
 * <pre>{@code
 * RateLimits limits = RateLimits.postgres(dataSource, Clock.systemUTC());
 * RateLimiter perCustomer = limits.limiter("assistant-customer", AssistantLimits.PER_CUSTOMER);
 * }</pre>
 *
 * <p>The PostgreSQL table is {@value #TABLE}; create it with {@link #createTable} or your own
 * migration running {@link #POSTGRES_DDL}. Rows are kept until their bucket would be full again
 * (plus a minute); {@link #removeExpired} deletes older ones. The buckets' time is the injected
 * clock of each node, so nodes' clocks must agree (NTP) to within a small part of a limit's period.
 * Thread-safe.
 */
public final class RateLimits {
  /** The PostgreSQL table that holds the buckets. */
  public static final String TABLE = "cita_rate_limit_bucket";

  /** Creates {@value #TABLE} if it does not exist (Bucket4j's documented layout, string keys). */
  public static final String POSTGRES_DDL =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (id VARCHAR(200) PRIMARY KEY, state BYTEA, expires_at BIGINT)";

  /** Longest stored key; a longer {@code name:key} is stored as its SHA-256. */
  static final int MAX_KEY = 200;

  private final Store store;

  private RateLimits(Store store) {
    this.store = store;
  }

  /**
   * Buckets in this JVM's memory: for one node, or limits that need not be shared. A key whose
   * bucket is full again is forgotten within a few thousand later calls, so memory follows the keys
   * in use.
   *
   * @param clock the clock the buckets refill by
   * @return the limits
   */
  public static RateLimits inMemory(Clock clock) {
    return new RateLimits(new MemoryStore(timeMeter(Checks.notNull(clock, "clock"))));
  }

  /**
   * Buckets in PostgreSQL table {@value #TABLE}, shared by every node on the database.
   *
   * @param dataSource the application's pool; each permit is one short transaction
   * @param clock the clock the buckets refill by
   * @return the limits
   */
  public static RateLimits postgres(DataSource dataSource, Clock clock) {
    Checks.notNull(dataSource, "dataSource");
    PostgreSQLSelectForUpdateBasedProxyManager<String> proxies =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(TABLE)
            .clientClock(timeMeter(Checks.notNull(clock, "clock")))
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(1)))
            .build();
    return new RateLimits(new PostgresStore(proxies));
  }

  /**
   * Runs {@link #POSTGRES_DDL}: the table the {@link #postgres} limits need.
   *
   * @param dataSource the database
   * @throws IllegalStateException if the statement fails
   */
  public static void createTable(DataSource dataSource) {
    try (Connection c = Checks.notNull(dataSource, "dataSource").getConnection();
        Statement s = c.createStatement()) {
      s.execute(POSTGRES_DDL);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create " + TABLE + ": " + e.getMessage(), e);
    }
  }

  /**
   * A limiter: {@code limit} per key.
   *
   * @param name the limiter's name, part of every stored key, such as {@code "assistant-customer"}
   * @param limit the limit per key
   * @return the limiter, thread-safe
   */
  public RateLimiter limiter(String name, Limit limit) {
    Checks.notBlank(name, "name");
    BucketConfiguration configuration = Checks.notNull(limit, "limit").configuration();
    return key -> store.tryAcquire(storedKey(name, Checks.notNull(key, "key")), configuration);
  }

  /**
   * Deletes rows of buckets that are full again (PostgreSQL; nothing to do in memory).
   *
   * @param max the most rows to delete in this call
   * @return how many rows were deleted
   */
  public int removeExpired(int max) {
    return store.removeExpired(Checks.atLeast(max, 1, "max"));
  }

  static String storedKey(String name, String key) {
    String stored = name + ":" + key;
    if (stored.length() <= MAX_KEY) {
      return stored;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(stored.getBytes(StandardCharsets.UTF_8));
      return name.substring(0, Math.min(name.length(), 100))
          + ":sha256:"
          + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static TimeMeter timeMeter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  static RateLimiter.Permit permit(ConsumptionProbe probe) {
    return probe.isConsumed()
        ? RateLimiter.Permit.GRANTED
        : RateLimiter.Permit.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Where the buckets live. */
  interface Store {
    RateLimiter.Permit tryAcquire(String key, BucketConfiguration configuration);

    int removeExpired(int max);
  }

  private record PostgresStore(PostgreSQLSelectForUpdateBasedProxyManager<String> proxies)
      implements Store {
    @Override
    public RateLimiter.Permit tryAcquire(String key, BucketConfiguration configuration) {
      return permit(
          proxies.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1));
    }

    @Override
    public int removeExpired(int max) {
      return proxies.removeExpired(max);
    }
  }
}
