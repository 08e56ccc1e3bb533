package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.token.Sleeper;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The settings every Twilio channel builder of this package shares (status tracker, clock, send
 * store, sleeper, OkHttp client), and the {@link TwilioMessages} built from them.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class TwilioChannelBuilder<B extends TwilioChannelBuilder<B>> {
  final TwilioConfig config;
  MessageStatusTracker tracker = MessageStatusTracker.NONE;
  Clock clock = Clock.systemUTC();
  private Sleeper sleeper = Sleeper.threadSleep();
  private @Nullable OkHttpClient okHttpClient;
  private @Nullable SendAttemptStore sent;
  private AuditLog auditLog = AuditLog.noop();

  TwilioChannelBuilder(TwilioConfig config) {
    this.config = Checks.notNull(config, "config");
  }

  abstract B self();

  /** The send store: the one set, or an in-memory one of this channel keeping keys 2 days. */
  SendAttemptStore sendAttempts() {
    return sent != null ? sent : SentMessageStore.inMemory(clock, Duration.ofDays(2));
  }

  /** The Twilio plumbing over these settings and {@code sent}. */
  TwilioMessages messages(String label, SendAttemptStore sent) {
    return new TwilioMessages(config, label, sent, tracker, clock, sleeper, okHttpClient, auditLog);
  }

  /**
   * Records every Twilio Messages API call in the API log: tenant, operation ({@code
   * whatsapp.messages.create} or {@code sms.messages.create}), outcome, HTTP status, Twilio's error
   * code and latency, never a phone number, a message text or a credential.
   *
   * @param auditLog the log; {@link AuditLog#noop()} if not set
   * @return this builder
   */
  public B auditLog(AuditLog auditLog) {
    this.auditLog = Checks.notNull(auditLog, "auditLog");
    return self();
  }

  /**
   * Receives the status Twilio reports when it accepts a message and those passed to the channel's
   * {@code statusReported}; default {@link MessageStatusTracker#NONE}.
   *
   * @param tracker the tracker
   * @return this builder
   */
  public B statusTracker(MessageStatusTracker tracker) {
    this.tracker = Checks.notNull(tracker, "statusTracker");
    return self();
  }

  /**
   * Sets the clock for status times and HTTP-date {@code Retry-After}.
   *
   * @param clock the clock; {@link Clock#systemUTC()} if not set
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return self();
  }

  /**
   * Where sends are claimed (and WhatsApp free-text messages remembered); share one across nodes
   * (such as {@code JdbcStores.sendAttempts()}). Default: an in-memory store of this channel (keys
   * kept 2 days), which guards one node only.
   *
   * @param sent the store, a {@link SentMessageStore} or any core {@link SendAttemptStore}
   * @return this builder
   */
  public B sentMessages(SendAttemptStore sent) {
    this.sent = Checks.notNull(sent, "sentMessages");
    return self();
  }

  /**
   * Sets how the HTTP client waits between retries; tests pass one that records and returns.
   *
   * @param sleeper the sleeper; {@link Sleeper#threadSleep()} if not set
   * @return this builder
   */
  public B sleeper(Sleeper sleeper) {
    this.sleeper = Checks.notNull(sleeper, "sleeper");
    return self();
  }

  /**
   * Sets an OkHttp client to share a connection pool with; see {@link
   * ProviderHttpClient.Builder#okHttpClient}.
   *
   * @param okHttpClient the client to derive from; a new one if not set
   * @return this builder
   */
  public B okHttpClient(OkHttpClient okHttpClient) {
    this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
    return self();
  }
}
