package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpClientConfigTest {

  @Test
  void defaultsGiveEveryCallATimeout() {
    OkHttpClient ok =
        ProviderHttpClient.builder("test")
            .baseUrl("https://api.example.test/")
            .build()
            .okHttpClient();
    assertThat(ok.connectTimeoutMillis()).isEqualTo(5_000);
    assertThat(ok.readTimeoutMillis()).isEqualTo(20_000);
    assertThat(ok.writeTimeoutMillis()).isEqualTo(20_000);
    assertThat(ok.callTimeoutMillis()).isEqualTo(30_000);
    assertThat(ok.retryOnConnectionFailure()).as("only RetryPolicy decides on resending").isFalse();
  }

  @Test
  void configuredTimeoutsReplaceThoseOfAnInjectedClient() {
    OkHttpClient shared = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
    HttpClientConfig config =
        HttpClientConfig.builder()
            .connectTimeout(Duration.ofMillis(700))
            .readTimeout(Duration.ofSeconds(3))
            .writeTimeout(Duration.ofSeconds(4))
            .callTimeout(Duration.ofSeconds(9))
            .build();
    OkHttpClient ok =
        ProviderHttpClient.builder("test")
            .baseUrl("https://api.example.test/")
            .okHttpClient(shared)
            .config(config)
            .build()
            .okHttpClient();
    assertThat(ok.connectTimeoutMillis()).isEqualTo(700);
    assertThat(ok.readTimeoutMillis()).isEqualTo(3_000);
    assertThat(ok.writeTimeoutMillis()).isEqualTo(4_000);
    assertThat(ok.callTimeoutMillis()).isEqualTo(9_000);
    assertThat(ok.connectionPool())
        .as("shares the injected pool")
        .isSameAs(shared.connectionPool());
  }

  @Test
  void zeroMeansNoTimeoutInOkHttpAndIsRefused() {
    assertThatThrownBy(() -> HttpClientConfig.builder().callTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> HttpClientConfig.builder().readTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("readTimeout");
  }

  @Test
  void userAgentMustBePrintable() {
    assertThatThrownBy(() -> HttpClientConfig.builder().userAgent("a\r\nX-Injected: 1").build())
        .hasMessageContaining("userAgent");
    assertThat(
            HttpClientConfig.builder().userAgent("clinic/1.0").build().toBuilder()
                .build()
                .userAgent())
        .isEqualTo("clinic/1.0");
  }

  @Test
  void baseUrlIsRequired() {
    assertThatThrownBy(() -> ProviderHttpClient.builder("test").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> ProviderHttpClient.builder("test").baseUrl("ftp://x"))
        .hasMessageContaining("baseUrl");
  }
}
