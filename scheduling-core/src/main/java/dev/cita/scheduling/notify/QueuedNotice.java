package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a notification queue entry carries in its {@link
 * dev.cita.scheduling.sync.OutboxEntry#detail()}: {@code v1;<KIND>;<origin provider or ->;<previous
 * start, ISO instant, or ->}. Parsed strictly: anything else is refused, and the worker
 * dead-letters the entry with the reason.
 */
record QueuedNotice(
    MessageKind kind, @Nullable String originProvider, @Nullable Instant previousStart) {
  private static final String VERSION = "v1";
  private static final String NONE = "-";

  QueuedNotice {
    Checks.notNull(kind, "kind");
    if (kind == MessageKind.REMINDER) {
      throw new ValidationException("notice.kind", "reminders are not queued");
    }
    if (originProvider != null
        && (Checks.notBlank(originProvider, "originProvider").indexOf(';') >= 0
            || originProvider.equals(NONE))) {
      throw new ValidationException("originProvider", "must not be '-' or hold a ';'");
    }
  }

  Optional<String> origin() {
    return Optional.ofNullable(originProvider);
  }

  String encode() {
    return VERSION
        + ';'
        + kind.name()
        + ';'
        + (originProvider == null ? NONE : originProvider)
        + ';'
        + (previousStart == null ? NONE : previousStart.toString());
  }

  /**
   * Reads a detail {@link #encode()} wrote.
   *
   * @throws ValidationException naming what is wrong, if it is anything else
   */
  static QueuedNotice decode(@Nullable String detail) {
    if (detail == null) {
      throw new ValidationException("outbox.detail", "is missing");
    }
    String[] parts = detail.split(";", -1);
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      throw new ValidationException("outbox.detail", "is not a v1 notification detail");
    }
    MessageKind kind;
    try {
      kind = MessageKind.valueOf(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("outbox.detail", "names no message kind");
    }
    Instant previous;
    try {
      previous = parts[3].equals(NONE) ? null : Instant.parse(parts[3]);
    } catch (DateTimeException e) {
      throw new ValidationException("outbox.detail", "holds no valid previous start");
    }
    if (previous != null && kind != MessageKind.RESCHEDULE) {
      throw new ValidationException("outbox.detail", "only a reschedule has a previous start");
    }
    try {
      return new QueuedNotice(kind, parts[2].equals(NONE) ? null : parts[2], previous);
    } catch (ValidationException e) {
      throw new ValidationException("outbox.detail", e.getMessage());
    }
  }
}
