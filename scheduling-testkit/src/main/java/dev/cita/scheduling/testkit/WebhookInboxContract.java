package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.spi.WebhookInbox.Delivery;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WebhookInbox} must have: a key is seen only once recorded, recording
 * twice is harmless, keys belong to a tenant and a provider, and a rejected delivery keeps its
 * reason.
 *
 * <p>Extend it in your test sources and return a new, empty inbox from {@link #newInbox()}:
 *
 * <pre>{@code
 * class MyWebhookInboxTest extends WebhookInboxContract {
 *   @Override
 *   protected WebhookInbox newInbox() {
 *     return new MyWebhookInbox(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class WebhookInboxContract {
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final TenantId NORTE = TenantId.of("norte");
  private static final TenantId SUR = TenantId.of("sur");

  private WebhookInbox inbox;

  /** For subclasses, which supply the implementation under test. */
  protected WebhookInboxContract() {}

  /** {@return a new, empty inbox} Called once before every test. */
  protected abstract WebhookInbox newInbox();

  /** Creates the inbox under test, through {@link #newInbox()}, before every test. */
  @BeforeEach
  protected final void createWebhookInbox() {
    inbox = newInbox();
    assertThat(inbox).as("newInbox()").isNotNull();
  }

  private static Delivery calcom(String key) {
    return Delivery.of(NORTE, "calcom", key);
  }

  @Test
  void aFreshInboxHasSeenNothing() {
    assertThat(inbox.seen(calcom("id:d-1"))).isFalse();
    assertThat(inbox.find(calcom("id:d-1"))).isEmpty();
  }

  @Test
  void aRecordedKeyIsSeen() {
    inbox.record(calcom("id:d-1"), T0);

    assertThat(inbox.seen(calcom("id:d-1"))).isTrue();
    assertThat(inbox.find(calcom("id:d-1")).orElseThrow().rejected()).isFalse();
    assertThat(inbox.seen(calcom("id:d-2"))).isFalse();
  }

  @Test
  void recordingAKeyTwiceIsHarmless() {
    inbox.record(calcom("id:d-1"), T0);
    inbox.record(calcom("id:d-1"), T0.plusSeconds(60));
    inbox.recordRejected(calcom("id:d-1"), T0.plusSeconds(120), "late");

    assertThat(inbox.find(calcom("id:d-1")).orElseThrow().rejected())
        .as("the first record stays")
        .isFalse();
  }

  @Test
  void keysBelongToAProvider() {
    inbox.record(calcom("id:d-1"), T0);

    assertThat(inbox.seen(Delivery.of(NORTE, "calendly", "id:d-1"))).isFalse();
  }

  // Issue 14: two tenants sharing one provider account receive the same delivery; each applies it.
  @Test
  void keysBelongToATenant() {
    inbox.record(calcom("sha256:ab"), T0);

    assertThat(inbox.seen(Delivery.of(SUR, "calcom", "sha256:ab"))).isFalse();
    assertThat(inbox.seen(Delivery.untenanted("calcom", "sha256:ab"))).isFalse();
    inbox.record(Delivery.untenanted("twilio", "id:SM1"), T0);
    assertThat(inbox.seen(Delivery.untenanted("twilio", "id:SM1"))).isTrue();
    assertThat(inbox.seen(Delivery.of(NORTE, "twilio", "id:SM1"))).isFalse();
  }

  @Test
  void aRejectedDeliveryIsSeenWithItsReason() {
    String reason = "ValidationException: attendee.name: must be at most 200 characters, é ñ";
    inbox.recordRejected(calcom("id:d-1"), T0, reason);

    WebhookInbox.Recorded recorded = inbox.find(calcom("id:d-1")).orElseThrow();
    assertThat(inbox.seen(calcom("id:d-1"))).isTrue();
    assertThat(recorded.rejection()).contains(reason);
    assertThat(recorded.at()).isEqualTo(T0);
  }

  @Test
  void aReasonOfTheLongestLengthIsKept() {
    String reason = "r".repeat(WebhookInbox.MAX_REASON);
    inbox.recordRejected(calcom("id:d-1"), T0, reason);

    assertThat(inbox.find(calcom("id:d-1")).orElseThrow().rejection()).contains(reason);
  }

  @Test
  void longKeysAreKept() {
    String sha256 = "sha256:" + "ab".repeat(32);
    inbox.record(calcom(sha256), T0);

    assertThat(inbox.seen(calcom(sha256))).isTrue();
    assertThat(inbox.seen(calcom(sha256.substring(0, sha256.length() - 1) + "c"))).isFalse();
  }
}
