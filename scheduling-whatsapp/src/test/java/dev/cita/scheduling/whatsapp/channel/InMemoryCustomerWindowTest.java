package dev.cita.scheduling.whatsapp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryCustomerWindowTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PHONE = "+56912345678";

  private final MutableClock clock = new MutableClock(T0);
  private final CustomerWindow window = new InMemoryCustomerWindow(clock);

  @Test
  void closedForACustomerWhoNeverWrote() {
    assertThat(window.isOpen("t1", PHONE)).isFalse();
    assertThat(window.lastInbound("t1", PHONE)).isEmpty();
  }

  @Test
  void openForTwentyFourHoursAfterTheLastInboundMessage() {
    window.recordInbound("t1", PHONE, T0);

    clock.advance(Duration.ofHours(24).minusNanos(1));
    assertThat(window.isOpen("t1", PHONE)).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(window.isOpen("t1", PHONE)).isFalse();
    assertThat(window.lastInbound("t1", PHONE)).isEmpty();
  }

  @Test
  void aNewerMessageReopensAndAnOlderOneIsIgnored() {
    window.recordInbound("t1", PHONE, T0.minus(Duration.ofHours(30)));
    assertThat(window.isOpen("t1", PHONE)).isFalse();

    window.recordInbound("t1", PHONE, T0.minus(Duration.ofHours(2)));
    window.recordInbound("t1", PHONE, T0.minus(Duration.ofHours(20)));

    assertThat(window.lastInbound("t1", PHONE)).contains(T0.minus(Duration.ofHours(2)));
    clock.advance(Duration.ofHours(21));
    assertThat(window.isOpen("t1", PHONE)).isTrue();
  }

  @Test
  void whatsappPrefixIsIgnoredAndScopesAreSeparate() {
    window.recordInbound("t1", "whatsapp:" + PHONE, T0);

    assertThat(window.isOpen("t1", PHONE)).isTrue();
    assertThat(window.isOpen("t1", "whatsapp:" + PHONE)).isTrue();
    assertThat(window.isOpen("t2", PHONE)).isFalse();
    assertThat(window.isOpen("t1", "+56900000000")).isFalse();
  }

  @Test
  void alwaysClosedIgnoresRecords() {
    CustomerWindow closed = CustomerWindow.alwaysClosed();
    closed.recordInbound("t1", PHONE, T0);

    assertThat(closed.isOpen("t1", PHONE)).isFalse();
    assertThat(closed.lastInbound("t1", PHONE)).isEmpty();
  }

  @Test
  void customersWhoseWindowClosedAreDroppedEvenIfNeverLookedAtAgain() {
    InMemoryCustomerWindow bounded = new InMemoryCustomerWindow(clock);
    for (int i = 0; i < 1_000; i++) {
      bounded.recordInbound("t1", "+569" + (10_000_000 + i), T0);
    }
    assertThat(bounded.size()).isEqualTo(1_000);

    clock.advance(Duration.ofHours(25));
    for (int i = 0; i < 300; i++) {
      bounded.recordInbound("t1", PHONE, clock.instant());
    }

    assertThat(bounded.size()).isEqualTo(1);
    assertThat(bounded.isOpen("t1", PHONE)).isTrue();
  }
}
