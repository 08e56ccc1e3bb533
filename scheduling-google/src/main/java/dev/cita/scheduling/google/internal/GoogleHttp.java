package dev.cita.scheduling.google.internal;

import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.auth.http.HttpTransportFactory;
import dev.cita.scheduling.google.GoogleConfig;

/**
 * The one HTTP transport and JSON factory of the adapter, and the request initializer that puts the
 * configured connect and read timeouts on every request and switches off google-http-client's own
 * retries (Cita retries with its own capped backoff, see {@link GoogleCalls}).
 */
public final class GoogleHttp {
  private final HttpTransport transport;
  private final JsonFactory json = GsonFactory.getDefaultInstance();
  private final HttpRequestInitializer initializer;
  private final GoogleConfig config;

  public GoogleHttp(GoogleConfig config) {
    this.config = config;
    this.transport = new NetHttpTransport();
    int connect = (int) config.connectTimeout().toMillis();
    int read = (int) config.readTimeout().toMillis();
    this.initializer =
        request -> {
          request.setConnectTimeout(connect);
          request.setReadTimeout(read);
          request.setNumberOfRetries(0);
          request.setIOExceptionHandler(null);
          request.setUnsuccessfulResponseHandler(null);
        };
  }

  public HttpTransport transport() {
    return transport;
  }

  /**
   * For google-auth's token calls. google-auth builds its requests without an initializer, so those
   * run with google-http-client's default timeouts (20 s connect, 20 s read), not the configured
   * ones.
   */
  public HttpTransportFactory transportFactory() {
    return () -> transport;
  }

  public JsonFactory json() {
    return json;
  }

  /** Puts the configured timeouts on a request and switches off google-http-client's retries. */
  public HttpRequestInitializer initializer() {
    return initializer;
  }

  /** Requests built here carry the configured timeouts. */
  public HttpRequestFactory requestFactory() {
    return transport.createRequestFactory(initializer);
  }

  /**
   * A Calendar client on the configured root URL; authorization is set per request by {@link
   * GoogleCalls}.
   */
  public Calendar calendar() {
    return new Calendar.Builder(transport, json, initializer)
        .setRootUrl(config.calendarRootUrl())
        .setApplicationName(config.applicationName())
        .build();
  }
}
