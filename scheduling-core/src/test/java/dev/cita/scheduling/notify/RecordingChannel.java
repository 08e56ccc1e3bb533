package dev.cita.scheduling.notify;

import dev.cita.scheduling.spi.NotificationChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fake channel that records what it accepted (and when, by the test clock) and can be told to
 * fail its next sends: throw, refuse, or run any code (a crash).
 */
final class RecordingChannel implements NotificationChannel {
  record Sent(Instant at, OutgoingMessage message) {}

  private final String id;
  private final AddressKind addressKind;
  private final Clock clock;
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final AtomicInteger attempts = new AtomicInteger();
  private final Deque<Supplier<SendResult>> scripted = new ArrayDeque<>();
  private volatile boolean refuseAll;

  RecordingChannel(String id, AddressKind addressKind, Clock clock) {
    this.id = id;
    this.addressKind = addressKind;
    this.clock = clock;
  }

  static RecordingChannel whatsapp(Clock clock) {
    return new RecordingChannel("whatsapp", AddressKind.PHONE, clock);
  }

  static RecordingChannel email(Clock clock) {
    return new RecordingChannel("email", AddressKind.EMAIL, clock);
  }

  /** The next send runs {@code behaviour} instead of accepting (throw, refuse). */
  synchronized RecordingChannel thenFail(Supplier<SendResult> behaviour) {
    scripted.add(behaviour);
    return this;
  }

  RecordingChannel refuseEverything() {
    refuseAll = true;
    return this;
  }

  List<OutgoingMessage> messages() {
    return sent.stream().map(Sent::message).toList();
  }

  List<String> texts() {
    return sent.stream().map(s -> s.message().text()).toList();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public AddressKind addressKind() {
    return addressKind;
  }

  @Override
  public SendResult send(OutgoingMessage message) {
    int n = attempts.incrementAndGet();
    Supplier<SendResult> next;
    synchronized (this) {
      next = scripted.poll();
    }
    if (next != null) {
      return next.get();
    }
    if (refuseAll) {
      return SendResult.refused("test: recipient " + message.address() + " blocked");
    }
    sent.add(new Sent(clock.instant(), message));
    return SendResult.accepted(id + "-msg-" + n);
  }
}
