package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.spi.WebhookInbox;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WebhookInbox} must have: a key is seen only once recorded, recording
 * twice is harmless, and keys belong to a provider.
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

  private WebhookInbox inbox;

  /** A new, empty inbox; called once before every test. */
  protected abstract WebhookInbox newInbox();

  /** Creates the inbox under test, through {@link #newInbox()}, before every test. */
  @BeforeEach
  protected final void createWebhookInbox() {
    inbox = newInbox();
    assertThat(inbox).as("newInbox()").isNotNull();
  }

  @Test
  void aFreshInboxHasSeenNothing() {
    assertThat(inbox.seen("calcom", "id:d-1")).isFalse();
  }

  @Test
  void aRecordedKeyIsSeen() {
    inbox.record("calcom", "id:d-1", T0);

    assertThat(inbox.seen("calcom", "id:d-1")).isTrue();
    assertThat(inbox.seen("calcom", "id:d-2")).isFalse();
  }

  @Test
  void recordingAKeyTwiceIsHarmless() {
    inbox.record("calcom", "id:d-1", T0);
    inbox.record("calcom", "id:d-1", T0.plusSeconds(60));

    assertThat(inbox.seen("calcom", "id:d-1")).isTrue();
  }

  @Test
  void keysBelongToAProvider() {
    inbox.record("calcom", "id:d-1", T0);

    assertThat(inbox.seen("calendly", "id:d-1")).isFalse();
  }

  @Test
  void longKeysAreKept() {
    String sha256 = "sha256:" + "ab".repeat(32);
    inbox.record("calcom", sha256, T0);

    assertThat(inbox.seen("calcom", sha256)).isTrue();
    assertThat(inbox.seen("calcom", sha256.substring(0, sha256.length() - 1) + "c")).isFalse();
  }
}
