package dev.cita.examples.clinic;

import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import java.util.UUID;

/**
 * Cita's notices to a customer, posted into their web chat: the same confirmations, cancellations
 * and reminders WhatsApp would carry.
 */
public class ChatChannel implements NotificationChannel {
  /** The channel id in notification preferences. */
  public static final String ID = "chat";

  private final ChatLog log;

  /**
   * Creates the channel.
   *
   * @param log the chats
   */
  public ChatChannel(ChatLog log) {
    this.log = log;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public SendResult send(OutgoingMessage message) {
    log.add(message.address(), false, message.text());
    return SendResult.accepted("chat-" + UUID.randomUUID());
  }
}
