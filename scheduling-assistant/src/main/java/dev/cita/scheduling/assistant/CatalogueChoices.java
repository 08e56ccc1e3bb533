package dev.cita.scheduling.assistant;

import dev.cita.scheduling.assistant.ConversationState.AwaitingCancelConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Dimension;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import java.util.List;
import java.util.Optional;

/** The catalogue questions and choices: what to book, where and with whom. */
final class CatalogueChoices {
  private final Turn turn;

  CatalogueChoices(Turn turn) {
    this.turn = turn;
  }

  // ---- the catalogue: what to book, and with whom ----

  /**
   * Reads the service, professional and branch a message names ("un corte con la Vale en Ñuñoa"),
   * "cualquiera", and "¿qué servicios tienen?"; empty when the message names none of them, or is a
   * cancel, a move or the answer to a yes-or-no question.
   */
  Optional<String> catalogueTurn(Intent intent, String normalized) {
    ConversationState state = turn.conversation.state();
    Intent.Kind kind = intent.kind();
    boolean yesNo = kind == Intent.Kind.CONFIRM_YES || kind == Intent.Kind.CONFIRM_NO;
    if (turn.shop.legacy()
        || kind == Intent.Kind.CANCEL
        || kind == Intent.Kind.RESCHEDULE
        || kind == Intent.Kind.INVALID_WHEN
        || turn.movingAppointment().isPresent()
        || (yesNo
            && (state instanceof AwaitingConfirmation
                || state instanceof AwaitingCancelConfirmation))) {
      return Optional.empty();
    }
    Catalogue catalogue = turn.shop.catalogue();
    List<Service> services = catalogue.servicesNamedIn(turn.text);
    List<Branch> branches = catalogue.branchesNamedIn(turn.text);
    List<Professional> professionals = catalogue.professionalsNamedIn(turn.text);
    boolean anyone = ChatRequests.anyone(normalized);
    Optional<Dimension> listing = ChatRequests.catalogueQuestion(normalized);
    boolean named =
        !services.isEmpty() || !branches.isEmpty() || !professionals.isEmpty() || anyone;
    if ((!named || kind == Intent.Kind.CHOOSE) && listing.isEmpty()) {
      return Optional.empty();
    }
    Selection chosen = state instanceof Idle ? Selection.NONE : turn.conversation.selection();
    if (services.size() == 1) {
      chosen = chosen.withService(services.get(0).type());
    }
    if (branches.size() == 1) {
      chosen = chosen.withBranch(branches.get(0).id());
    }
    if (professionals.size() == 1) {
      chosen = chosen.withProfessional(professionals.get(0).resource());
    } else if (anyone) {
      chosen = chosen.withAnyone();
    }
    When when = kind == Intent.Kind.BOOK && !intent.when().isAny() ? intent.when() : request();
    turn.conversation = turn.conversation.withSelection(chosen);
    if (listing.isPresent()) {
      Selection unasked = Shop.without(chosen, listing.get());
      if (turn.shop.fit(unasked).isEmpty()) {
        unasked = Selection.NONE;
      }
      Choosing question =
          new Choosing(listing.get(), turn.shop.options(listing.get(), unasked, true), when);
      turn.conversation = turn.conversation.with(question);
      return Optional.of(ask(question));
    }
    return Optional.of(turn.times.offerBooking(when, ""));
  }

  /** The time constraints of the booking under way, or {@link When#ANY}. */
  When request() {
    ConversationState state = turn.conversation.state();
    if (state instanceof Choosing c) {
      return c.request();
    }
    if (state instanceof Offered o) {
      return o.request();
    }
    if (state instanceof AwaitingConfirmation a) {
      return a.request();
    }
    return When.ANY;
  }

  String chooseOption(Choosing choosing, int n) {
    List<String> options = choosing.options();
    if (n > options.size()) {
      return turn.say.chooseBetween(options.size())
          + Phrases.names(turn.shop.labels(choosing, turn.say));
    }
    String id = options.get(n - 1);
    Selection chosen = turn.conversation.selection();
    chosen =
        switch (choosing.dimension()) {
          case SERVICE -> chosen.withService(AppointmentTypeId.of(id));
          case BRANCH -> chosen.withBranch(id);
          case PROFESSIONAL ->
              id.equals(Choosing.ANYONE)
                  ? chosen.withAnyone()
                  : chosen.withProfessional(ResourceId.of(id));
        };
    turn.conversation = turn.conversation.withSelection(chosen);
    return turn.times.offerBooking(choosing.request(), "");
  }

  String ask(Choosing choosing) {
    return turn.say.ask(choosing.dimension())
        + Phrases.names(turn.shop.labels(choosing, turn.say))
        + "\n"
        + turn.say.pickOption();
  }
}
