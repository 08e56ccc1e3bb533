package dev.cita.scheduling.webhook;

import java.util.function.Consumer;
import java.util.function.Function;

/** A test adapter of {@link HmacJsonWebhooks#PROVIDER} whose verifier and parser are scripts. */
final class ScriptedWebhooks implements ProviderWebhooks {
  private final Consumer<WebhookRequest> verify;
  private final Function<WebhookRequest, ParsedWebhook> parse;

  ScriptedWebhooks(Consumer<WebhookRequest> verify, Function<WebhookRequest, ParsedWebhook> parse) {
    this.verify = verify;
    this.parse = parse;
  }

  /** {@return an adapter that accepts every request and parses it with {@code parse}} */
  static ScriptedWebhooks parsing(Function<WebhookRequest, ParsedWebhook> parse) {
    return new ScriptedWebhooks(request -> {}, parse);
  }

  /** {@return the signed test adapter, running {@code duringVerify} before it verifies} */
  static ScriptedWebhooks signedRunning(Runnable duringVerify) {
    HmacJsonWebhooks real = new HmacJsonWebhooks(Deliveries.SECRET);
    return new ScriptedWebhooks(
        request -> {
          duringVerify.run();
          real.verify(request);
        },
        real::parse);
  }

  @Override
  public String provider() {
    return HmacJsonWebhooks.PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    verify.accept(request);
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    return parse.apply(request);
  }
}
