package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a model proposed and the customer has yet to accept, as kept in a {@link ProposalStore}: a
 * booking (branch, service, professional and start), a cancellation or a move (the appointment's
 * reference, and the new start). Fields a kind does not use are empty strings.
 *
 * @param kind what is proposed
 * @param id random, fixed for the proposal: the booking's idempotency key is made from it
 * @param reference the appointment to cancel or move, as {@code list_my_appointments} showed it
 * @param branch the branch to book at
 * @param type the service's appointment type
 * @param resource the professional to book
 * @param start the start to book or move to, in epoch seconds; 0 for a cancellation
 * @param anyProfessional true if the customer took any professional
 */
record Proposal(
    Kind kind,
    String id,
    String reference,
    String branch,
    String type,
    String resource,
    long start,
    boolean anyProfessional) {

  enum Kind {
    BOOK,
    CANCEL,
    RESCHEDULE
  }

  static Proposal booking(
      String branch, String type, String resource, Instant start, boolean anyProfessional) {
    return new Proposal(
        Kind.BOOK, newId(), "", branch, type, resource, start.getEpochSecond(), anyProfessional);
  }

  static Proposal cancellation(String reference) {
    return new Proposal(Kind.CANCEL, newId(), reference, "", "", "", 0, false);
  }

  static Proposal move(String reference, Instant start) {
    return new Proposal(
        Kind.RESCHEDULE, newId(), reference, "", "", "", start.getEpochSecond(), false);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  Instant startInstant() {
    return Instant.ofEpochSecond(start);
  }

  String toJson() {
    ObjectNode node = ToolSchemas.JSON.createObjectNode();
    node.put("kind", kind.name())
        .put("id", id)
        .put("reference", reference)
        .put("branch", branch)
        .put("type", type)
        .put("resource", resource)
        .put("start", start)
        .put("anyProfessional", anyProfessional);
    return node.toString();
  }

  /** The proposal a store gave back; empty if the text is not one (a damaged shared store). */
  static Optional<Proposal> fromJson(String json) {
    try {
      JsonNode n = ToolSchemas.JSON.readTree(json);
      return Optional.of(
          new Proposal(
              Kind.valueOf(n.path("kind").asText()),
              n.path("id").asText(),
              n.path("reference").asText(),
              n.path("branch").asText(),
              n.path("type").asText(),
              n.path("resource").asText(),
              n.path("start").asLong(),
              n.path("anyProfessional").asBoolean()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
