package dev.cita.scheduling.google;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Ids;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Google event id of an appointment: {@code "cita"} followed by the base32hex encoding (RFC
 * 4648, lower case {@code 0-9a-v}, no padding) of the appointment id's UTF-8 bytes. Google accepts
 * client-chosen ids of 5 to 1024 base32hex characters, so the same appointment always maps to the
 * same event and a repeated insert answers 409 instead of creating a second event. The encoding is
 * reversible, which lets a deleted event (Google sends little more than its id) be recognised as
 * one of Cita's.
 */
public final class GoogleEventIds {
  private static final String PREFIX = "cita";
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final int MAX_LENGTH = 1024;

  private GoogleEventIds() {}

  /**
   * The event id for an appointment.
   *
   * @param appointment the appointment's id
   * @return {@code "cita"} and the base32hex of the id
   * @throws ValidationException if the appointment id is too long to fit Google's 1024 characters
   */
  public static String forAppointment(AppointmentId appointment) {
    Checks.notNull(appointment, "appointmentId");
    String id = PREFIX + encode(appointment.value().getBytes(StandardCharsets.UTF_8));
    if (id.length() > MAX_LENGTH) {
      throw new ValidationException(
          "appointmentId", "is too long for a Google event id (at most 635 bytes)");
    }
    return id;
  }

  /**
   * The appointment whose event this is.
   *
   * @param eventId a Google event id, or null
   * @return the appointment's id if {@link #forAppointment} made the event id, otherwise empty
   */
  public static Optional<AppointmentId> appointmentOf(String eventId) {
    if (eventId == null || !eventId.startsWith(PREFIX) || eventId.length() <= PREFIX.length()) {
      return Optional.empty();
    }
    return decode(eventId.substring(PREFIX.length())).filter(Ids::isValid).map(AppointmentId::of);
  }

  private static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  private static Optional<String> decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'v' ? c - 'a' + 10 : -1;
      if (v < 0) {
        return Optional.empty();
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    // What is left must be zero padding bits of the last character, fewer than one byte.
    if ((buffer & ((1 << bits) - 1)) != 0) {
      return Optional.empty();
    }
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(out.toByteArray()))
              .toString();
      return value.isBlank() || !text.equals(encode(value.getBytes(StandardCharsets.UTF_8)))
          ? Optional.empty()
          : Optional.of(value);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
