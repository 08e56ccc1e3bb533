package dev.cita.scheduling.whatsapp.channel;

import static dev.cita.scheduling.whatsapp.channel.MessageStatus.DELIVERED;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.FAILED;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.QUEUED;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.READ;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.SENDING;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.SENT;
import static dev.cita.scheduling.whatsapp.channel.MessageStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryMessageStatusTrackerTest {
  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  private final MessageStatusTracker tracker = MessageStatusTracker.inMemory();

  private boolean record(MessageStatus status, int second) {
    return tracker.recordStatus("SM1", status, Optional.empty(), T.plusSeconds(second));
  }

  @Test
  void followsTheLifecycleForwards() {
    assertThat(record(QUEUED, 0)).isTrue();
    assertThat(record(SENDING, 1)).isTrue();
    assertThat(record(SENT, 2)).isTrue();
    assertThat(record(DELIVERED, 3)).isTrue();
    assertThat(record(READ, 4)).isTrue();

    assertThat(tracker.status("SM1"))
        .contains(new MessageStatusRecord("SM1", READ, Optional.empty(), T.plusSeconds(4)));
  }

  @Test
  void lateSentAfterDeliveredIsIgnored() {
    record(DELIVERED, 5);

    assertThat(record(SENT, 6)).isFalse();
    assertThat(record(DELIVERED, 7)).isFalse(); // a repeat changes nothing either

    assertThat(tracker.status("SM1")).map(MessageStatusRecord::status).contains(DELIVERED);
    assertThat(tracker.status("SM1"))
        .map(MessageStatusRecord::updatedAt)
        .contains(T.plusSeconds(5));
  }

  @Test
  void failureKeepsItsErrorCodeAndIsFinal() {
    record(SENT, 1);
    assertThat(tracker.recordStatus("SM1", FAILED, Optional.of("63016"), T.plusSeconds(2)))
        .isTrue();

    assertThat(record(DELIVERED, 3)).isFalse();
    assertThat(record(READ, 4)).isFalse();
    assertThat(tracker.recordStatus("SM1", UNDELIVERED, Optional.of("63024"), T.plusSeconds(5)))
        .isFalse();

    MessageStatusRecord held = tracker.status("SM1").orElseThrow();
    assertThat(held.status()).isEqualTo(FAILED);
    assertThat(held.errorCode()).contains("63016");
  }

  @Test
  void deliveredIsNotUndoneByALateFailure() {
    record(READ, 1);

    assertThat(tracker.recordStatus("SM1", UNDELIVERED, Optional.of("30008"), T.plusSeconds(2)))
        .isFalse();
    assertThat(tracker.status("SM1")).map(MessageStatusRecord::status).contains(READ);
  }

  @Test
  void unknownMessageHasNoStatusAndTwilioNamesParse() {
    assertThat(tracker.status("SM404")).isEmpty();
    assertThat(MessageStatus.fromTwilio("undelivered")).contains(UNDELIVERED);
    assertThat(MessageStatus.fromTwilio(" Delivered ")).contains(DELIVERED);
    assertThat(MessageStatus.fromTwilio("partially_delivered")).isEmpty();
    assertThat(READ.twilioName()).isEqualTo("read");
  }

  @Test
  void concurrentOutOfOrderCallbacksEndAtTheFurthestStatus() throws Exception {
    List<MessageStatus> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      statuses.addAll(List.of(QUEUED, SENDING, SENT, DELIVERED, READ));
    }
    Collections.shuffle(statuses, new java.util.Random(7));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (MessageStatus s : statuses) {
        pool.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              tracker.recordStatus("SM1", s, Optional.empty(), T);
            });
      }
      start.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(tracker.status("SM1")).map(MessageStatusRecord::status).contains(READ);
  }

  @Test
  void noneRecordsNothing() {
    assertThat(MessageStatusTracker.NONE.recordStatus("SM1", SENT, Optional.empty(), T)).isFalse();
    assertThat(MessageStatusTracker.NONE.status("SM1")).isEmpty();
  }
}
