package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of a direct booking, {@code POST /invitees}: the event type, the start in UTC, the
 * invitee (e-mail, time zone, and a name), and where the event type needs them the location and the
 * answers to its required questions ({@code questions_and_answers}), plus optional UTM tracking.
 * Built with {@link #builder}, which checks what Calendly requires; {@link #toString()} shows no
 * personal data.
 *
 * <pre>{@code
 * CreateInviteeRequest request = CreateInviteeRequest.builder(eventTypeUri, start)
 *     .invitee("María Pérez", "maria@example.com", ZoneId.of("America/Santiago"))
 *     .build();
 * }</pre>
 *
 * @param eventType the URI of the event type to book
 * @param startTime the start, UTC; one of the event type's available times
 * @param invitee who is booked
 * @param location where the meeting happens, when the event type asks the invitee
 * @param eventGuests other e-mail addresses to invite; null when none
 * @param tracking UTM fields to store on the invitee
 * @param questionsAndAnswers answers to the event type's booking questions; null when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateInviteeRequest(
    String eventType,
    Instant startTime,
    InviteeDetails invitee,
    @Nullable Location location,
    @Nullable List<String> eventGuests,
    @Nullable Tracking tracking,
    @Nullable List<QuestionAndAnswer> questionsAndAnswers) {

  /**
   * Checks the required parts; empty lists become null, so they are not sent.
   *
   * @param eventType the URI of the event type to book
   * @param startTime the start, UTC
   * @param invitee who is booked
   * @param location where the meeting happens, or null
   * @param eventGuests other e-mail addresses to invite, or null
   * @param tracking UTM fields, or null
   * @param questionsAndAnswers answers to booking questions, or null
   * @throws ValidationException if the event type, the start or the invitee is missing
   */
  public CreateInviteeRequest {
    Checks.notBlank(eventType, "invitee.eventType");
    Checks.notNull(startTime, "invitee.startTime");
    Checks.notNull(invitee, "invitee.invitee");
    eventGuests = eventGuests == null || eventGuests.isEmpty() ? null : List.copyOf(eventGuests);
    questionsAndAnswers =
        questionsAndAnswers == null || questionsAndAnswers.isEmpty()
            ? null
            : List.copyOf(questionsAndAnswers);
  }

  /**
   * An answer to one of the event type's booking questions. {@link #toString()} hides the answer.
   *
   * @param question the question exactly as the event type names it
   * @param answer the answer
   * @param position the question's position on the form
   */
  public record QuestionAndAnswer(String question, String answer, Integer position) {
    @Override
    public String toString() {
      return "QuestionAndAnswer{" + question + '}';
    }
  }

  /**
   * Starts a booking of an event type at a time.
   *
   * @param eventTypeUri the URI of the event type to book
   * @param startTime the start, UTC; one of the event type's available times
   * @return a builder that needs the {@linkplain Builder#invitee invitee}
   */
  public static Builder builder(String eventTypeUri, Instant startTime) {
    return new Builder(eventTypeUri, startTime);
  }

  @Override
  public String toString() {
    return "CreateInviteeRequest{" + eventType + " at " + startTime + '}';
  }

  /**
   * Who is booked: e-mail and time zone are required, and a name or a first name.
   *
   * @param name the full name
   * @param firstName the first name, instead of {@code name}
   * @param lastName the last name, with {@code firstName}
   * @param email the e-mail address Calendly sends the confirmation to
   * @param timezone the IANA time zone the confirmation shows times in
   * @param textReminderNumber the phone number for text reminders, if any
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InviteeDetails(
      @Nullable String name,
      @Nullable String firstName,
      @Nullable String lastName,
      String email,
      String timezone,
      @Nullable String textReminderNumber) {
    /**
     * Checks what Calendly requires.
     *
     * @param name the full name
     * @param firstName the first name, instead of {@code name}
     * @param lastName the last name, with {@code firstName}
     * @param email the e-mail address, not blank
     * @param timezone the IANA time zone, not blank
     * @param textReminderNumber the phone number for text reminders, or null
     * @throws ValidationException if the e-mail or the time zone is blank, or neither name is given
     */
    public InviteeDetails {
      Checks.notBlank(email, "invitee.email");
      Checks.notBlank(timezone, "invitee.timezone");
      if ((name == null || name.isBlank()) && (firstName == null || firstName.isBlank())) {
        throw new ValidationException("invitee.name", "a name or a first name is required");
      }
    }

    @Override
    public String toString() {
      return "InviteeDetails{" + timezone + '}';
    }
  }

  /** Collects a {@link CreateInviteeRequest}. */
  public static final class Builder {
    private final String eventType;
    private final Instant startTime;
    private @Nullable InviteeDetails invitee;
    private @Nullable Location location;
    private final List<String> guests = new ArrayList<>();
    private @Nullable Tracking tracking;
    private final List<QuestionAndAnswer> answers = new ArrayList<>();

    private Builder(String eventType, Instant startTime) {
      this.eventType = eventType;
      this.startTime = startTime;
    }

    /**
     * Sets the invitee by full name, e-mail and time zone.
     *
     * @param name the full name
     * @param email the e-mail address
     * @param zone the zone the confirmation shows times in
     * @return this builder
     * @throws ValidationException if an argument is missing or blank
     */
    public Builder invitee(String name, String email, ZoneId zone) {
      return invitee(
          new InviteeDetails(
              name, null, null, email, Checks.notNull(zone, "invitee.timezone").getId(), null));
    }

    /**
     * Sets the invitee, with every detail Calendly takes.
     *
     * @param invitee who is booked; required
     * @return this builder
     */
    public Builder invitee(InviteeDetails invitee) {
      this.invitee = invitee;
      return this;
    }

    /**
     * Sets where the meeting happens, for an event type that asks the invitee.
     *
     * @param location the location, such as {@code Location.of("outbound_call", "+56912345678")}
     * @return this builder
     */
    public Builder location(Location location) {
      this.location = location;
      return this;
    }

    /**
     * Another e-mail address to invite.
     *
     * @param email the guest's e-mail address
     * @return this builder
     */
    public Builder guest(String email) {
      guests.add(Checks.notBlank(email, "invitee.eventGuests[]"));
      return this;
    }

    /**
     * UTM tracking Calendly stores on the invitee and echoes back in its payloads.
     *
     * @param tracking the UTM fields
     * @return this builder
     */
    public Builder tracking(Tracking tracking) {
      this.tracking = tracking;
      return this;
    }

    /**
     * An answer to a booking question of the event type.
     *
     * @param question the question exactly as the event type names it
     * @param answer the answer, not blank
     * @param position the question's position on the form, or null
     * @return this builder
     */
    public Builder answer(String question, String answer, Integer position) {
      answers.add(
          new QuestionAndAnswer(
              Checks.notBlank(question, "invitee.questionsAndAnswers[].question"),
              Checks.notBlank(answer, "invitee.questionsAndAnswers[].answer"),
              position));
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws ValidationException if the invitee is not set
     */
    public CreateInviteeRequest build() {
      return new CreateInviteeRequest(
          eventType,
          startTime,
          Checks.notNull(invitee, "invitee.invitee"),
          location,
          guests,
          tracking,
          answers);
    }
  }
}
