package dev.cita.scheduling.internal;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The request context of Cita's log lines: SLF4J MDC keys set at each entry point (a {@code
 * BookingService} call, a webhook, an outbox entry, a reminder, an assistant turn) so an operator
 * can follow one booking through the logs, and restored to what they were when it closes (also
 * after an exception; nested contexts restore the outer one's values). Not public API.
 *
 * <pre>{@code
 * try (LogContext context = LogContext.open().tenant(tenant)) {
 *   return book(request, context); // sets context.appointment(id) once the id is known
 * }
 * }</pre>
 *
 * <p>The keys: {@value #TENANT}, {@value #APPOINTMENT}, {@value #PROVIDER}, {@value #DELIVERY} (a
 * webhook delivery or inbound message id, or an outbox entry id) and {@value #CONVERSATION}. No
 * value is ever a phone number: a conversation is named by {@link #conversationId}, a fingerprint
 * of tenant and customer. Values from outside are escaped ({@link LogSafe}) and cut to 100
 * characters. MDC is per thread: a context covers the work its own thread does.
 */
public final class LogContext implements AutoCloseable {
  /** The tenant's id. */
  public static final String TENANT = "cita.tenant";

  /** The appointment's id. */
  public static final String APPOINTMENT = "cita.appointment";

  /** The provider's id, such as {@code google} or {@code twilio}. */
  public static final String PROVIDER = "cita.provider";

  /** The webhook delivery, inbound message or outbox entry being handled. */
  public static final String DELIVERY = "cita.delivery";

  /** The assistant conversation, as {@link #conversationId}: never the customer's phone. */
  public static final String CONVERSATION = "cita.conversation";

  /** Every key a context sets and restores. */
  public static final List<String> KEYS =
      List.of(TENANT, APPOINTMENT, PROVIDER, DELIVERY, CONVERSATION);

  private static final int MAX_VALUE = 100;

  private final @Nullable String[] previous = new String[KEYS.size()];

  private LogContext() {
    for (int i = 0; i < previous.length; i++) {
      previous[i] = MDC.get(KEYS.get(i));
    }
  }

  /** {@return a context that restores the current values of every key when closed} */
  public static LogContext open() {
    return new LogContext();
  }

  /**
   * Sets {@value #TENANT}.
   *
   * @param tenant the tenant; nothing is set when null
   * @return this context
   */
  public LogContext tenant(@Nullable TenantId tenant) {
    return put(TENANT, tenant == null ? null : tenant.value());
  }

  /**
   * Sets {@value #APPOINTMENT}.
   *
   * @param appointment the appointment; nothing is set when null
   * @return this context
   */
  public LogContext appointment(@Nullable AppointmentId appointment) {
    return put(APPOINTMENT, appointment == null ? null : appointment.value());
  }

  /**
   * Sets {@value #PROVIDER}.
   *
   * @param provider the provider id; nothing is set when null
   * @return this context
   */
  public LogContext provider(@Nullable String provider) {
    return put(PROVIDER, provider);
  }

  /**
   * Sets {@value #DELIVERY}.
   *
   * @param delivery the delivery, message or entry id; nothing is set when null
   * @return this context
   */
  public LogContext delivery(@Nullable String delivery) {
    return put(DELIVERY, delivery);
  }

  /**
   * Sets {@value #CONVERSATION} to {@link #conversationId} of the tenant and customer.
   *
   * @param tenant the business
   * @param customer the customer's phone or chat id, which the key never shows
   * @return this context
   */
  public LogContext conversation(TenantId tenant, String customer) {
    return put(CONVERSATION, conversationId(tenant, customer));
  }

  /**
   * Names a conversation in logs without its phone number: {@code c-} and 16 hex digits of the
   * SHA-256 of tenant and customer. The same on every node, so one conversation can be followed
   * across them; still a pseudonym of a person, so logs stay personal data.
   *
   * @param tenant the business
   * @param customer the customer's phone or chat id
   * @return the conversation's log name
   */
  public static String conversationId(TenantId tenant, String customer) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant.value() + "\n" + customer).getBytes(StandardCharsets.UTF_8));
      return "c-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Runs {@code work} in this context and closes it.
   *
   * @param <T> the result type
   * @param work the work
   * @return what {@code work} returned
   */
  public <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } finally {
      close();
    }
  }

  /**
   * Runs {@code work} in this context and closes it.
   *
   * @param work the work
   */
  public void run(Runnable work) {
    try {
      work.run();
    } finally {
      close();
    }
  }

  private LogContext put(String key, @Nullable String value) {
    if (value != null) {
      String safe = LogSafe.escape(value);
      MDC.put(key, safe.length() <= MAX_VALUE ? safe : safe.substring(0, MAX_VALUE));
    }
    return this;
  }

  /** Puts back every key's value from when this context was opened (removed if it had none). */
  @Override
  public void close() {
    for (int i = 0; i < previous.length; i++) {
      String value = previous[i];
      if (value == null) {
        MDC.remove(KEYS.get(i));
      } else {
        MDC.put(KEYS.get(i), value);
      }
    }
  }
}
