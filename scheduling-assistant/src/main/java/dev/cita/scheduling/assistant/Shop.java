package dev.cita.scheduling.assistant;

import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Dimension;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.AppointmentStore;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What one chat number books: a {@link Catalogue}, or a {@link TenantBookingConfig} turned into a
 * one-branch, one-service catalogue (legacy: the customer is never asked for a professional, and
 * names are not read from messages); and the rules for choosing from it: what a {@link Selection}
 * still leaves open, what it books, and who gets a booking made for anyone.
 */
final class Shop {
  private final Catalogue catalogue;
  private final boolean legacy;

  private Shop(Catalogue catalogue, boolean legacy) {
    this.catalogue = catalogue;
    this.legacy = legacy;
  }

  static Shop of(Catalogue catalogue) {
    return new Shop(catalogue, false);
  }

  static Shop of(TenantId tenant, TenantBookingConfig config) {
    Catalogue.Builder b =
        Catalogue.builder()
            .branch(Branch.of("main", tenant.value(), tenant, config.zone()))
            .service(Service.of(config.type(), config.type().value()));
    for (ResourceId r : config.resources()) {
      b.professional(Professional.of(r, r.value()));
    }
    b.offers("main", config.type(), config.resources().toArray(ResourceId[]::new));
    return new Shop(b.build(), true);
  }

  Catalogue catalogue() {
    return catalogue;
  }

  boolean legacy() {
    return legacy;
  }

  /** The zone of the catalogue's first branch: only when nothing tells which branch. */
  ZoneId zone() {
    return catalogue.branches().get(0).zone();
  }

  /**
   * The zone a selection's times are shown and read in: its branch's, else that of the branch it
   * would book at, else the first branch's.
   */
  ZoneId zone(Selection s) {
    if (s.branch() != null) {
      Optional<Branch> chosen = catalogue.branch(s.branch());
      if (chosen.isPresent()) {
        return chosen.get().zone();
      }
    }
    List<Offering> fit = fit(s);
    return fit.isEmpty()
        ? zone()
        : catalogue.branch(fit.get(0).branch()).map(Branch::zone).orElse(zone());
  }

  /**
   * The zone an appointment is shown in: that of its tenant's branch offering its professional,
   * else its tenant's first branch, else the appointment's own display zone.
   */
  ZoneId zone(Appointment a) {
    List<Branch> branches = catalogue.branchesOf(a.tenant());
    return branches.stream()
        .filter(b -> !catalogue.offerings(b.id(), null, a.resource()).isEmpty())
        .findFirst()
        .or(() -> branches.stream().findFirst())
        .map(Branch::zone)
        .orElse(a.displayZone());
  }

  /** The tenants of the branches, without repeats, in catalogue order. */
  List<TenantId> tenants() {
    LinkedHashSet<TenantId> out = new LinkedHashSet<>();
    catalogue.branches().forEach(b -> out.add(b.tenant()));
    return new ArrayList<>(out);
  }

  /**
   * " (Corte de pelo con Valentina Soto, Centro)": what an appointment is, from the catalogue;
   * empty for a legacy configuration.
   */
  String detail(Appointment a, Phrases say) {
    if (legacy) {
      return "";
    }
    String service = catalogue.service(a.type()).map(Service::name).orElse("");
    String who = catalogue.professional(a.resource()).map(Professional::name).orElse("");
    String branch =
        catalogue.branchesOf(a.tenant()).size() == 1
            ? catalogue.branchesOf(a.tenant()).get(0).name()
            : "";
    return say.detail(service, who, branch);
  }

  /** Who, what and where a complete selection books. */
  record Target(Branch branch, AppointmentTypeId type, List<ResourceId> resources) {}

  static Selection without(Selection s, Dimension d) {
    return switch (d) {
      case SERVICE -> s.withService(null);
      case BRANCH -> s.withBranch(null);
      case PROFESSIONAL -> new Selection(s.branch(), s.service(), null, false);
    };
  }

  List<Offering> fit(Selection s) {
    return catalogue.offerings(s.branch(), s.service(), s.professional());
  }

  /** Drops the professional, then the branch, then everything, until something fits. */
  Selection relax(Selection s) {
    Selection noOne = new Selection(s.branch(), s.service(), null, false);
    if (!fit(noOne).isEmpty()) {
      return noOne;
    }
    Selection serviceOnly = new Selection(null, s.service(), null, false);
    return fit(serviceOnly).isEmpty() ? Selection.NONE : serviceOnly;
  }

  /** What to ask next: the service, then the branch, then the professional; empty when done. */
  Optional<Choosing> question(Selection s, When when) {
    for (Dimension d : Dimension.values()) {
      List<String> options = options(d, s, false);
      boolean open =
          d != Dimension.PROFESSIONAL || (!legacy && s.professional() == null && !s.anyone());
      if (open && options.size() > 1) {
        return Optional.of(new Choosing(d, options(d, s, true), when));
      }
    }
    return Optional.empty();
  }

  /** The ids that fit the selection in one dimension, in catalogue order; "anyone" last. */
  List<String> options(Dimension d, Selection s, boolean withAnyone) {
    List<Offering> fit = fit(s);
    Catalogue c = catalogue;
    List<String> out =
        switch (d) {
          case SERVICE ->
              c.services().stream()
                  .filter(x -> fit.stream().anyMatch(o -> o.service().equals(x.type())))
                  .map(x -> x.type().value())
                  .toList();
          case BRANCH ->
              c.branches().stream()
                  .filter(x -> fit.stream().anyMatch(o -> o.branch().equals(x.id())))
                  .map(Branch::id)
                  .toList();
          case PROFESSIONAL ->
              c.professionals().stream()
                  .filter(x -> fit.stream().anyMatch(o -> o.professional().equals(x.resource())))
                  .map(x -> x.resource().value())
                  .toList();
        };
    if (d == Dimension.PROFESSIONAL && withAnyone && out.size() > 1) {
      List<String> more = new ArrayList<>(out);
      more.add(Choosing.ANYONE);
      return List.copyOf(more);
    }
    return out;
  }

  List<String> labels(Choosing choosing, Phrases say) {
    Catalogue c = catalogue;
    return choosing.options().stream()
        .map(
            id ->
                switch (choosing.dimension()) {
                  case SERVICE -> c.service(AppointmentTypeId.of(id)).map(Service::name).orElse(id);
                  case BRANCH -> c.branch(id).map(Branch::name).orElse(id);
                  case PROFESSIONAL ->
                      id.equals(Choosing.ANYONE)
                          ? say.anyone()
                          : c.professional(ResourceId.of(id)).map(Professional::name).orElse(id);
                })
        .toList();
  }

  /** The branch, service and professionals of a selection {@link #question} has nothing to ask. */
  Target target(Selection s) {
    List<Offering> fit = fit(s);
    Offering first = fit.get(0);
    Branch branch = catalogue.branch(first.branch()).orElseThrow();
    List<ResourceId> resources =
        catalogue.professionals().stream()
            .map(Professional::resource)
            .filter(r -> fit.stream().anyMatch(o -> o.professional().equals(r)))
            .toList();
    return new Target(branch, first.service(), resources);
  }

  /** " (Corte de pelo con Valentina Soto, Centro)" for a selection; empty when legacy. */
  String detail(Selection s, Phrases say) {
    if (legacy || fit(s).isEmpty()) {
      return "";
    }
    Target t = target(s);
    Catalogue c = catalogue;
    String who =
        s.professional() == null
            ? ""
            : c.professional(s.professional()).map(Professional::name).orElse("");
    String branch = c.branches().size() > 1 ? t.branch().name() : "";
    return say.detail(c.service(t.type()).map(Service::name).orElse(""), who, branch);
  }

  /**
   * Who gets a booking at this slot: the chosen professional, else one of the free ones by the
   * catalogue's {@link AssignmentRule}.
   */
  ResourceId assign(Target target, TimeSlot slot, AppointmentStore store) {
    List<ResourceId> free =
        target.resources().stream().filter(r -> slot.resources().contains(r)).toList();
    if (legacy || free.isEmpty()) {
      return slot.resources().get(0);
    }
    AssignmentRule rule = catalogue.assignment();
    if (rule == AssignmentRule.FIRST_FREE || free.size() == 1) {
      return free.get(0);
    }
    ZoneId zone = target.branch().zone();
    LocalDate day = slot.start().atZone(zone).toLocalDate();
    LocalDate from = rule == AssignmentRule.FEWEST_THAT_DAY ? day : day.with(DayOfWeek.MONDAY);
    LocalDate to = rule == AssignmentRule.FEWEST_THAT_DAY ? day.plusDays(1) : from.plusDays(7);
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant end = to.atStartOfDay(zone).toInstant();
    ResourceId best = free.get(0);
    int fewest = Integer.MAX_VALUE;
    for (ResourceId r : free) {
      int count = store.findTimeHolding(target.branch().tenant(), r, start, end).size();
      if (count < fewest) {
        fewest = count;
        best = r;
      }
    }
    return best;
  }
}
