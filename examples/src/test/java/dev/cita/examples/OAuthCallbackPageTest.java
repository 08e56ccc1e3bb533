package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cita.scheduling.ValidationException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OAuthCallbackPageTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theBrowserGetsConnectedEvenWhenTheProgramStopsTheServerAtOnce() throws Exception {
    HttpResponse<String> response =
        callWith(
            new OAuthCallbackPage.Callback<String>() {
              @Override
              public String handle(URI fullCallbackUrl) {
                assertThat(fullCallbackUrl.getQuery()).isEqualTo("code=abc&state=xyz");
                return "ana@clinica.example";
              }

              @Override
              public String describe(String account) {
                return account;
              }
            });

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Connected ana@clinica.example. You can close this tab.");
  }

  @Test
  void theBrowserGetsTheReasonWhenTheAuthorizationFails() throws Exception {
    HttpResponse<String> response =
        callWith(
            new OAuthCallbackPage.Callback<String>() {
              @Override
              public String handle(URI fullCallbackUrl) {
                throw new ValidationException("state", "unknown or expired");
              }

              @Override
              public String describe(String account) {
                return account;
              }
            });

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("Could not connect: ").contains("state");
  }

  /**
   * Serves one callback the way the onboarding example does, and stops the server the moment the
   * outcome is known (the example's main thread does exactly that): before the fix, the browser got
   * an empty reply.
   */
  private <T> HttpResponse<String> callWith(OAuthCallbackPage.Callback<T> callback)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    URI redirect =
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/callback");
    OAuthCallbackPage<T> page = new OAuthCallbackPage<>(redirect, callback);
    server.createContext(redirect.getPath(), page);
    page.outcome().whenComplete((r, e) -> server.stop(0));
    server.start();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(redirect + "?code=abc&state=xyz"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.outcome()).isDone();
      return response;
    } finally {
      server.stop(0);
      try {
        page.outcome().get();
      } catch (ExecutionException expected) {
        // the failing case
      }
    }
  }
}
