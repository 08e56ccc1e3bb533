package dev.cita.scheduling.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OkHttp interceptor that logs each attempt through slf4j without leaking secrets.
 *
 * <p>At DEBUG: method, URL, status and duration, and the headers, with the values of {@linkplain
 * Redaction#isSensitiveHeader sensitive headers} ({@code Authorization}, {@code Cookie},
 * signatures, anything named like a token, secret or key) replaced and sensitive query parameters
 * redacted ({@link Redaction#redactQuery}). At TRACE also JSON, form and text bodies up to {@value
 * #MAX_LOGGED_BODY_BYTES} bytes, with the values of sensitive fields ({@code access_token}, {@code
 * client_secret}, {@code password}, {@code code}…) redacted. Phone numbers are masked everywhere to
 * their last three digits. Nothing is formatted when DEBUG is off.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(new RedactingLoggingInterceptor())
 *     .build();
 * }</pre>
 */
public final class RedactingLoggingInterceptor implements Interceptor {
  /** Bodies larger than this are not logged, even at TRACE. */
  public static final int MAX_LOGGED_BODY_BYTES = 4096;

  private final Logger log;

  /** Logs to the logger named after this class. */
  public RedactingLoggingInterceptor() {
    this(LoggerFactory.getLogger(RedactingLoggingInterceptor.class));
  }

  /**
   * Logs to the given logger, for example one named after the adapter.
   *
   * @param log the logger; nothing is formatted while its DEBUG level is off
   */
  public RedactingLoggingInterceptor(Logger log) {
    this.log = log;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!log.isDebugEnabled()) {
      return chain.proceed(request);
    }
    String target = request.method() + ' ' + Redaction.redactQuery(request.url());
    log.debug("--> {} {}", target, headers(request.headers()));
    if (log.isTraceEnabled()) {
      log.trace("--> {} body: {}", target, requestBody(request.body()));
    }
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      // The exception's message is left out: it is not ours and could quote anything.
      log.debug(
          "<-- FAILED {} after {} ms: {}",
          target,
          millisSince(start),
          e.getClass().getSimpleName());
      throw e;
    }
    log.debug(
        "<-- {} {} ({} ms) {}",
        response.code(),
        target,
        millisSince(start),
        headers(response.headers()));
    if (log.isTraceEnabled()) {
      log.trace("<-- {} {} body: {}", response.code(), target, responseBody(response));
    }
    return response;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  static String headers(Headers headers) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      b.append(i > 0 ? ", " : "")
          .append(name)
          .append(": ")
          .append(
              Redaction.isSensitiveHeader(name)
                  ? Redaction.REDACTED
                  : Redaction.maskPhone(headers.value(i)));
    }
    return b.append(']').toString();
  }

  private static String requestBody(RequestBody body) throws IOException {
    if (body == null) {
      return "(none)";
    }
    long length = body.contentLength();
    if (body.isDuplex() || body.isOneShot() || length < 0 || length > MAX_LOGGED_BODY_BYTES) {
      return "(" + (length < 0 ? "streamed" : length + " bytes") + ", not logged)";
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    return redact(body.contentType(), buffer.readString(StandardCharsets.UTF_8), length);
  }

  private static String responseBody(Response response) {
    try {
      ResponseBody peeked = response.peekBody(MAX_LOGGED_BODY_BYTES + 1L);
      byte[] bytes = peeked.bytes();
      if (bytes.length > MAX_LOGGED_BODY_BYTES) {
        return "(more than " + MAX_LOGGED_BODY_BYTES + " bytes, not logged)";
      }
      return redact(peeked.contentType(), new String(bytes, StandardCharsets.UTF_8), bytes.length);
    } catch (IOException e) {
      return "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
  }

  private static String redact(MediaType type, String text, long length) {
    if (text.isEmpty()) {
      return "(empty)";
    }
    String subtype = type == null ? "" : type.subtype().toLowerCase(Locale.ROOT);
    if (subtype.equals("json") || subtype.endsWith("+json")) {
      return Redaction.redactJson(text);
    }
    if (subtype.equals("x-www-form-urlencoded")) {
      return Redaction.redactForm(text);
    }
    if (type != null && type.type().equals("text")) {
      return Redaction.redactText(text, MAX_LOGGED_BODY_BYTES);
    }
    return "(" + length + " bytes of " + (type == null ? "unknown type" : type) + ", not logged)";
  }
}
