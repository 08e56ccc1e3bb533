package dev.cita.scheduling.whatsapp.channel;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a sent WhatsApp message is, as Twilio reports it in status callbacks. The constants are in
 * lifecycle order: {@code scheduled → accepted → queued → sending → sent → delivered → read};
 * {@link #FAILED}, {@link #UNDELIVERED} and {@link #CANCELED} end the lifecycle.
 */
public enum MessageStatus {
  /** Scheduled for later by a messaging service. */
  SCHEDULED(0),
  /** Accepted by a messaging service, which has not yet chosen a sender. */
  ACCEPTED(1),
  /** Waiting in Twilio's queue. */
  QUEUED(2),
  /** Being handed to WhatsApp. */
  SENDING(3),
  /** WhatsApp took it. */
  SENT(4),
  /** On the customer's phone. */
  DELIVERED(5),
  /** The customer opened it. */
  READ(6),
  /** Twilio could not send it (see the error code, for example 63016). */
  FAILED(7),
  /** WhatsApp could not deliver it (see the error code). */
  UNDELIVERED(7),
  /** A scheduled message was canceled before it was sent. */
  CANCELED(7);

  private final int rank;

  MessageStatus(int rank) {
    this.rank = rank;
  }

  /**
   * The status for Twilio's name of it.
   *
   * @param name Twilio's lower-case name, such as {@code "delivered"}; case and surrounding spaces
   *     are ignored
   * @return the status, or empty for a name this version does not know
   */
  public static Optional<MessageStatus> fromTwilio(String name) {
    try {
      return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  /** {@return Twilio's name for this status, such as {@code "delivered"}} */
  public String twilioName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@return true for the statuses after which nothing changes: failed, undelivered, canceled} */
  public boolean isFinalFailure() {
    return rank == 7;
  }

  /**
   * Whether a message in this status may move to {@code next}: forwards in the lifecycle and never
   * out of a failure, so a late or repeated callback cannot undo a newer one. A delivered or read
   * message does not move to a failure either.
   *
   * @param next the status a callback reports
   * @return true when the record should change to {@code next}
   */
  public boolean canMoveTo(MessageStatus next) {
    return !isFinalFailure()
        && next.rank > rank
        && !(next.isFinalFailure() && (this == DELIVERED || this == READ));
  }
}
