package dev.cita.scheduling.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import okhttp3.Headers;

/**
 * A successful (2xx) response, fully read: status, headers and body bytes. Immutable; the body is
 * copied on the way in and out.
 */
public final class ProviderResponse {
  private final int status;
  private final Headers headers;
  private final byte[] body;
  private final Optional<String> requestId;

  ProviderResponse(int status, Headers headers, byte[] body, Optional<String> requestId) {
    this.status = status;
    this.headers = headers;
    this.body = body.clone();
    this.requestId = requestId;
  }

  /** {@return the HTTP status, from 200 to 299} */
  public int status() {
    return status;
  }

  /** {@return the response's headers} */
  public Headers headers() {
    return headers;
  }

  /**
   * The first value of a header.
   *
   * @param name the header's name, matched without regard to case
   * @return the value, or empty when the header is absent
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** {@return a copy of the body bytes; empty for a 204} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body decoded as UTF-8} */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * {@return the provider's request id, from the client's request id headers, or empty when it sent
   * none}
   */
  public Optional<String> requestId() {
    return requestId;
  }

  @Override
  public String toString() {
    return "ProviderResponse{status="
        + status
        + ", bodyBytes="
        + body.length
        + requestId.map(id -> ", requestId=" + id).orElse("")
        + '}';
  }
}
