package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import java.util.List;
import java.util.Locale;

/**
 * An {@link OutgoingMessage} as the JSON text of {@code cita_send_attempt.free_form}; the stored
 * shape is this package's own record, so the column's format does not follow the core's API.
 */
final class OutgoingMessageJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private OutgoingMessageJson() {}

  /** The stored shape. */
  private record Stored(
      String tenant,
      String appointmentId,
      String recipientKind,
      String addressKind,
      String address,
      String locale,
      String kind,
      String templateKey,
      List<String> templateVariables,
      String text,
      String idempotencyKey) {}

  static String write(OutgoingMessage m) {
    try {
      return JSON.writeValueAsString(
          new Stored(
              m.tenant().value(),
              m.appointmentId().value(),
              m.recipientKind().name(),
              m.addressKind().name(),
              m.address(),
              m.locale().toLanguageTag(),
              m.kind().name(),
              m.templateKey(),
              m.templateVariables(),
              m.text(),
              m.idempotencyKey()));
    } catch (JsonProcessingException e) {
      throw new SchedulingException(
          "cannot write an outgoing message as JSON: " + e.getClass().getSimpleName());
    }
  }

  static OutgoingMessage read(String json) {
    Stored s;
    try {
      s = JSON.readValue(json, Stored.class);
    } catch (JsonProcessingException e) {
      // The message may quote the stored text, which holds personal data: name the type only.
      throw new SchedulingException(
          "a stored outgoing message does not decode: " + e.getClass().getSimpleName());
    }
    return OutgoingMessage.builder()
        .tenant(TenantId.of(s.tenant()))
        .appointmentId(AppointmentId.of(s.appointmentId()))
        .recipient(
            RecipientKind.valueOf(s.recipientKind()),
            AddressKind.valueOf(s.addressKind()),
            s.address())
        .locale(Locale.forLanguageTag(s.locale()))
        .kind(MessageKind.valueOf(s.kind()))
        .templateKey(s.templateKey())
        .templateVariables(s.templateVariables())
        .text(s.text())
        .idempotencyKey(s.idempotencyKey())
        .build();
  }
}
