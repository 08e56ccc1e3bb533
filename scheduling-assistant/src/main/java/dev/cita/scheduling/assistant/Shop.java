package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What one chat number books: a {@link Catalogue}, or a {@link TenantBookingConfig} turned into a
 * one-branch, one-service catalogue (legacy: the customer is never asked for a professional, and
 * names are not read from messages).
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

  /** The zone the chat reads "mañana a las 10" in: its first branch's. */
  ZoneId zone() {
    return catalogue.branches().get(0).zone();
  }

  /** The zone of a tenant's first branch, else the chat's. */
  ZoneId zone(TenantId tenant) {
    return catalogue.branchesOf(tenant).stream().map(Branch::zone).findFirst().orElse(zone());
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
}
