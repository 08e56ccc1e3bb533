package dev.cita.scheduling.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * JSON for provider APIs, on one shared Jackson mapper: unknown properties are ignored (providers
 * add fields), {@code java.time} values are ISO-8601 text, null properties are not written, and an
 * unknown enum constant reads as the enum's {@code @JsonEnumDefaultValue} if it has one.
 *
 * <p>A body that is not JSON, or not the expected shape, fails with a non-retryable {@link
 * ProviderException} whose message names the target type and the position of the problem but never
 * repeats the body (a body can hold tokens or phone numbers), and which has no cause for the same
 * reason. Thread-safe.
 *
 * <pre>{@code
 * JsonCodec json = JsonCodec.forProvider("calcom");
 * Booking booking = json.fromJson(bytes, Booking.class);
 * String body = json.toJson(new CancelRequest("client asked"));
 * }</pre>
 */
public final class JsonCodec {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private final String provider;

  private JsonCodec(String provider) {
    this.provider = provider;
  }

  /**
   * A codec whose parse failures name {@code provider}.
   *
   * @param provider the provider's id, for example {@code "twilio"}
   * @return the codec
   */
  public static JsonCodec forProvider(String provider) {
    Checks.notNull(provider, "provider");
    return new JsonCodec(provider);
  }

  /** {@return the provider named in parse failures} */
  public String provider() {
    return provider;
  }

  /**
   * The value as JSON text.
   *
   * @param value the object to write, typically a request record; null properties are left out
   * @return the JSON text
   * @throws IllegalArgumentException when the value cannot be serialized (a programming error)
   */
  public String toJson(Object value) {
    return new String(toJsonBytes(value), StandardCharsets.UTF_8);
  }

  /**
   * The value as UTF-8 JSON.
   *
   * @param value the object to write, typically a request record; null properties are left out
   * @return the JSON, UTF-8 encoded
   * @throws IllegalArgumentException when the value cannot be serialized (a programming error)
   */
  public byte[] toJsonBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // The message may quote the value; name the type only.
      throw new IllegalArgumentException(
          "cannot write "
              + value.getClass().getName()
              + " as JSON: "
              + e.getClass().getSimpleName());
    }
  }

  /**
   * Reads a body as {@code type}.
   *
   * @param <T> the type to read
   * @param json the body, UTF-8
   * @param type the class to read
   * @return the value, never null
   * @throws ProviderException if the body is empty, JSON {@code null}, not JSON, or not of that
   *     shape
   */
  public <T> T fromJson(byte[] json, Class<T> type) {
    return read(json, MAPPER.constructType(type));
  }

  /**
   * Reads a body as {@code type}.
   *
   * @param <T> the type to read
   * @param json the body
   * @param type the class to read
   * @return the value, never null
   * @throws ProviderException if the body is empty, JSON {@code null}, not JSON, or not of that
   *     shape
   */
  public <T> T fromJson(String json, Class<T> type) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * Reads a body as a generic type, such as {@code List<Booking>}.
   *
   * @param <T> the type to read
   * @param json the body, UTF-8
   * @param type the type to read
   * @return the value, never null
   * @throws ProviderException if the body is empty, JSON {@code null}, not JSON, or not of that
   *     shape
   */
  public <T> T fromJson(byte[] json, TypeReference<T> type) {
    return read(json, MAPPER.getTypeFactory().constructType(type));
  }

  /**
   * Reads a body as a generic type, such as {@code List<Booking>}.
   *
   * @param <T> the type to read
   * @param json the body
   * @param type the type to read
   * @return the value, never null
   * @throws ProviderException if the body is empty, JSON {@code null}, not JSON, or not of that
   *     shape
   */
  public <T> T fromJson(String json, TypeReference<T> type) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * The body as a tree, for reading a few fields (error codes) without a class.
   *
   * @param json the body, UTF-8
   * @return the tree, never null
   * @throws ProviderException if the body is empty, JSON {@code null} or not JSON
   */
  public JsonNode readTree(byte[] json) {
    return read(json, MAPPER.constructType(JsonNode.class));
  }

  private <T> T read(byte[] json, JavaType type) {
    if (json.length == 0) {
      throw failure(type, "the body is empty", null);
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw failure(type, "the body is JSON null", null);
      }
      return value;
    } catch (MismatchedInputException e) {
      throw failure(type, "the JSON does not match the expected shape", e.getLocation());
    } catch (IOException e) {
      JsonLocation at =
          e instanceof JsonProcessingException ? ((JsonProcessingException) e).getLocation() : null;
      throw failure(type, "malformed JSON", at);
    }
  }

  private ProviderException failure(JavaType type, String problem, @Nullable JsonLocation at) {
    StringBuilder message =
        new StringBuilder("cannot read the response as ")
            .append(describe(type))
            .append(": ")
            .append(problem);
    if (at != null && at.getLineNr() > 0) {
      message
          .append(" at line ")
          .append(at.getLineNr())
          .append(", column ")
          .append(at.getColumnNr());
    }
    // No cause: Jackson's messages quote the offending input.
    return new ProviderException(provider, 0, null, null, false, message.toString(), null);
  }

  private static String describe(JavaType type) {
    StringBuilder b = new StringBuilder(type.getRawClass().getSimpleName());
    if (type.containedTypeCount() > 0) {
      b.append('<');
      for (int i = 0; i < type.containedTypeCount(); i++) {
        b.append(i > 0 ? ", " : "").append(describe(type.containedType(i)));
      }
      b.append('>');
    }
    return b.toString();
  }
}
