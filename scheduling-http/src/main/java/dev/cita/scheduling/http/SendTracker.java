package dev.cita.scheduling.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Records whether an attempt got as far as writing its request. A network interceptor runs only
 * once a connection is established, immediately before the request is written, so a failure with
 * the tracker unmarked happened while resolving, connecting or handshaking: the provider cannot
 * have seen the request. Marking a little early is the safe side of the error.
 */
final class SendTracker {
  private volatile boolean sent;

  boolean sent() {
    return sent;
  }

  /** The network interceptor that marks the tracker tagged on each attempt's request. */
  static final Interceptor INTERCEPTOR =
      new Interceptor() {
        @Override
        public Response intercept(Chain chain) throws IOException {
          SendTracker tracker = chain.request().tag(SendTracker.class);
          if (tracker != null) {
            tracker.sent = true;
          }
          return chain.proceed(chain.request());
        }
      };
}
