package dev.cita.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.cita.scheduling.SchedulingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The page an onboarding example's OAuth redirect lands on: it finishes the authorization, writes
 * "Connected …" or "Could not connect …" to the browser, and only then hands the outcome to the
 * waiting program, so the program cannot stop the server before the browser got its answer.
 *
 * @param <T> what a successful callback yields (the connection)
 */
final class OAuthCallbackPage<T> implements HttpHandler {
  /** Finishes the authorization from the full callback URL. */
  interface Callback<T> {
    T handle(URI fullCallbackUrl);

    String describe(T result);
  }

  private final URI redirect;
  private final Callback<T> callback;
  private final CompletableFuture<T> outcome = new CompletableFuture<>();

  OAuthCallbackPage(URI redirect, Callback<T> callback) {
    this.redirect = redirect;
    this.callback = callback;
  }

  /** {@return completed once a callback was answered, with its connection or its failure} */
  CompletableFuture<T> outcome() {
    return outcome;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    T result = null;
    SchedulingException failure = null;
    int status;
    String page;
    try {
      URI full =
          URI.create(
              redirect.getScheme() + "://" + redirect.getAuthority() + exchange.getRequestURI());
      result = callback.handle(full);
      status = 200;
      page = "Connected " + callback.describe(result) + ". You can close this tab.";
    } catch (SchedulingException e) {
      failure = e;
      status = 400;
      page = "Could not connect: " + e.getMessage();
    }
    try {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    } finally {
      // Only now may the program go on (and stop the server): the browser has its page.
      if (failure != null) {
        outcome.completeExceptionally(failure);
      } else {
        outcome.complete(result);
      }
    }
  }
}
