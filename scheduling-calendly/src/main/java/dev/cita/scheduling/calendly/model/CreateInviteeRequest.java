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
 * answers to its required questions ({@code questions_and_answers}), plus optional UTM tracking. Built with {@link #builder}, which checks what Calendly
 * requires; {@link #toString()} shows no personal data.
 *
 * <pre>{@code
 * CreateInviteeRequest request = CreateInviteeRequest.builder(eventTypeUri, start)
 *     .invitee("María Pérez", "maria@example.com", ZoneId.of("America/Santiago"))
 *     .build();
 * }</pre>
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateInviteeRequest(String eventType, Instant startTime, InviteeDetails invitee,
    @Nullable Location location, @Nullable List<String> eventGuests, @Nullable Tracking tracking,
    @Nullable List<QuestionAndAnswer> questionsAndAnswers) {

  public CreateInviteeRequest {
    Checks.notBlank(eventType, "invitee.eventType");
    Checks.notNull(startTime, "invitee.startTime");
    Checks.notNull(invitee, "invitee.invitee");
    eventGuests = eventGuests == null || eventGuests.isEmpty() ? null : List.copyOf(eventGuests);
    questionsAndAnswers = questionsAndAnswers == null || questionsAndAnswers.isEmpty() ? null
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

  public static Builder builder(String eventTypeUri, Instant startTime) {
    return new Builder(eventTypeUri, startTime);
  }

  @Override
  public String toString() {
    return "CreateInviteeRequest{" + eventType + " at " + startTime + '}';
  }

  /** Who is booked: e-mail and time zone are required, and a name or a first name. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InviteeDetails(@Nullable String name, @Nullable String firstName,
      @Nullable String lastName, String email, String timezone, @Nullable String textReminderNumber) {
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

    /** The invitee by full name, e-mail and time zone. */
    public Builder invitee(String name, String email, ZoneId zone) {
      return invitee(new InviteeDetails(name, null, null, email, Checks.notNull(zone, "invitee.timezone").getId(), null));
    }

    public Builder invitee(InviteeDetails invitee) {
      this.invitee = invitee;
      return this;
    }

    public Builder location(Location location) {
      this.location = location;
      return this;
    }

    /** Another e-mail address to invite. */
    public Builder guest(String email) {
      guests.add(Checks.notBlank(email, "invitee.eventGuests[]"));
      return this;
    }

    /** UTM tracking Calendly stores on the invitee and echoes back in its payloads. */
    public Builder tracking(Tracking tracking) {
      this.tracking = tracking;
      return this;
    }

    /** An answer to a booking question of the event type. */
    public Builder answer(String question, String answer, Integer position) {
      answers.add(new QuestionAndAnswer(Checks.notBlank(question, "invitee.questionsAndAnswers[].question"),
          Checks.notBlank(answer, "invitee.questionsAndAnswers[].answer"), position));
      return this;
    }

    public CreateInviteeRequest build() {
      return new CreateInviteeRequest(eventType, startTime, Checks.notNull(invitee, "invitee.invitee"),
          location, guests, tracking, answers);
    }
  }
}
