package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

  /** A minimal adapter builder, as CalComClient.Builder and CalendlyClient.Builder are. */
  static final class AdapterBuilder extends HttpSettings.Setters<AdapterBuilder> {
    AdapterBuilder() {
      super(HttpSettings.builder().retryPolicy(RetryPolicy.noRetries()).build());
    }

    @Override
    protected AdapterBuilder self() {
      return this;
    }

    ProviderHttpClient build() {
      return ProviderHttpClient.builder("test")
          .baseUrl("https://api.example.test/")
          .settings(httpSettings())
          .build();
    }
  }

  @Test
  void anAdapterBuilderKeepsItsOwnDefaultsAndPassesEverySettingToTheHttpClient() {
    OkHttpClient shared = new OkHttpClient();
    HttpClientConfig config = HttpClientConfig.builder().readTimeout(Duration.ofSeconds(3)).build();

    ProviderHttpClient defaults = new AdapterBuilder().build();
    ProviderHttpClient configured =
        new AdapterBuilder().httpConfig(config).okHttpClient(shared).build();

    assertThat(defaults.retryPolicy()).isSameAs(RetryPolicy.noRetries());
    assertThat(configured.config()).isSameAs(config);
    assertThat(configured.okHttpClient().readTimeoutMillis()).isEqualTo(3_000);
    assertThat(configured.okHttpClient().connectionPool()).isSameAs(shared.connectionPool());
  }

  @Test
  void sharedSettingsReplaceEveryValueAtOnce() {
    HttpSettings shared =
        HttpSettings.builder()
            .retryPolicy(RetryPolicy.defaults())
            .config(HttpClientConfig.builder().callTimeout(Duration.ofSeconds(7)).build())
            .build();

    ProviderHttpClient client = new AdapterBuilder().httpSettings(shared).build();

    assertThat(client.retryPolicy()).isSameAs(RetryPolicy.defaults());
    assertThat(client.okHttpClient().callTimeoutMillis()).isEqualTo(7_000);
    assertThat(shared.toBuilder().build().config()).isSameAs(shared.config());
    assertThat(shared.okHttpClient()).isEmpty();
  }
}
