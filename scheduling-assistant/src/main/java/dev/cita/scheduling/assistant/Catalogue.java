package dev.cita.scheduling.assistant;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a business offers its customers in a chat: its branches, services and professionals, which
 * professional offers which service at which branch, and who gets a booking when the customer takes
 * any professional. The assistant (and a language model through its tools) books only the
 * combinations listed here. One catalogue serves one chat number; for a chain, its branches may be
 * tenants of their own.
 *
 * <pre>{@code
 * Catalogue salon = Catalogue.builder()
 *     .branch(Branch.of("centro", "Centro", tenant, ZoneId.of("America/Santiago")))
 *     .service(Service.of(AppointmentTypeId.of("corte"), "Corte de pelo", "corte", "cortarme el pelo"))
 *     .professional(Professional.of(ResourceId.of("valentina"), "Valentina Soto", "Vale"))
 *     .offers("centro", AppointmentTypeId.of("corte"), ResourceId.of("valentina"))
 *     .assignment(AssignmentRule.FEWEST_THAT_DAY)
 *     .build();
 * }</pre>
 */
public final class Catalogue {
  private final List<Branch> branches;
  private final List<Service> services;
  private final List<Professional> professionals;
  private final List<Offering> offerings;
  private final AssignmentRule assignment;

  private Catalogue(Builder b) {
    this.branches = List.copyOf(b.branches.values());
    this.services = List.copyOf(b.services.values());
    this.professionals = List.copyOf(b.professionals.values());
    this.offerings = List.copyOf(b.offerings);
    this.assignment = b.assignment;
    if (offerings.isEmpty()) {
      throw new ValidationException("catalogue.offerings", "must offer at least one service");
    }
  }

  /** {@return an empty builder; assignment {@link AssignmentRule#FIRST_FREE} by default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the branches, in the order they were added} */
  public List<Branch> branches() {
    return branches;
  }

  /** {@return the services, in the order they were added} */
  public List<Service> services() {
    return services;
  }

  /** {@return the professionals, in the order they were added} */
  public List<Professional> professionals() {
    return professionals;
  }

  /** {@return every offering, in the order they were added} */
  public List<Offering> offerings() {
    return offerings;
  }

  /** {@return who gets a booking made for any professional} */
  public AssignmentRule assignment() {
    return assignment;
  }

  /**
   * The branch with this id.
   *
   * @param id the branch's id
   * @return the branch, or empty if the catalogue has none with this id
   */
  public Optional<Branch> branch(String id) {
    return branches.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * The branches of a tenant (a tenant may own several, or one branch each).
   *
   * @param tenant a tenant
   * @return its branches, possibly none
   */
  public List<Branch> branchesOf(TenantId tenant) {
    return branches.stream().filter(b -> b.tenant().equals(tenant)).toList();
  }

  /**
   * The service booking this appointment type.
   *
   * @param type an appointment type
   * @return the service, or empty if the catalogue offers none of this type
   */
  public Optional<Service> service(AppointmentTypeId type) {
    return services.stream().filter(s -> s.type().equals(type)).findFirst();
  }

  /**
   * The professional with this resource.
   *
   * @param resource a resource
   * @return the professional, or empty if the catalogue has none with this resource
   */
  public Optional<Professional> professional(ResourceId resource) {
    return professionals.stream().filter(p -> p.resource().equals(resource)).findFirst();
  }

  /**
   * The offerings that fit what the customer chose so far; a null argument is not chosen yet.
   *
   * @param branch a branch id, or null for any
   * @param service a service's type, or null for any
   * @param professional a professional's resource, or null for any
   * @return the offerings that fit, in catalogue order
   */
  public List<Offering> offerings(
      @Nullable String branch,
      @Nullable AppointmentTypeId service,
      @Nullable ResourceId professional) {
    return offerings.stream()
        .filter(o -> branch == null || o.branch().equals(branch))
        .filter(o -> service == null || o.service().equals(service))
        .filter(o -> professional == null || o.professional().equals(professional))
        .toList();
  }

  /**
   * The branches a customer's message names, by name or alias, as whole words, without case or
   * accents ("nunoa" names Ñuñoa). A name inside a longer name another branch matched does not
   * count.
   *
   * @param text the customer's message
   * @return the branches named, in catalogue order
   */
  public List<Branch> branchesNamedIn(String text) {
    return named(text, branches, Branch::words);
  }

  /**
   * The services a customer's message names ("quiero un corte"), as {@link #branchesNamedIn} reads
   * them.
   *
   * @param text the customer's message
   * @return the services named, in catalogue order
   */
  public List<Service> servicesNamedIn(String text) {
    return named(text, services, Service::words);
  }

  /**
   * The professionals a customer's message names ("con la Vale"), as {@link #branchesNamedIn} reads
   * them.
   *
   * @param text the customer's message
   * @return the professionals named, in catalogue order
   */
  public List<Professional> professionalsNamedIn(String text) {
    return named(text, professionals, Professional::words);
  }

  private static <T> List<T> named(String text, List<T> entries, Function<T, List<String>> words) {
    String padded = " " + Words.normalize(Checks.notNull(text, "text")) + " ";
    Map<T, String> longest = new LinkedHashMap<>();
    for (T entry : entries) {
      for (String word : words.apply(entry)) {
        if (padded.contains(" " + word + " ")
            && word.length() > longest.getOrDefault(entry, "").length()) {
          longest.put(entry, word);
        }
      }
    }
    List<T> out = new ArrayList<>();
    for (Map.Entry<T, String> e : longest.entrySet()) {
      String mine = " " + e.getValue() + " ";
      boolean inside =
          longest.entrySet().stream()
              .anyMatch(
                  o ->
                      o.getKey() != e.getKey()
                          && o.getValue().length() > e.getValue().length()
                          && (" " + o.getValue() + " ").contains(mine));
      if (!inside) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Catalogue{"
        + branches.size()
        + " branch(es), "
        + services.size()
        + " service(s), "
        + professionals.size()
        + " professional(s), "
        + offerings.size()
        + " offering(s), "
        + assignment
        + "}";
  }

  /** Collects a {@link Catalogue}; ids must be unique and offerings name entries added before. */
  public static final class Builder {
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    private final Map<AppointmentTypeId, Service> services = new LinkedHashMap<>();
    private final Map<ResourceId, Professional> professionals = new LinkedHashMap<>();
    private final LinkedHashSet<Offering> offerings = new LinkedHashSet<>();
    private AssignmentRule assignment = AssignmentRule.FIRST_FREE;

    private Builder() {}

    /**
     * Adds a branch.
     *
     * @param branch the branch; its id not used before
     * @return this builder
     * @throws ValidationException naming {@code catalogue.branches} if the id is used already
     */
    public Builder branch(Branch branch) {
      Checks.notNull(branch, "catalogue.branch");
      add(branches, branch.id(), branch, "catalogue.branches");
      return this;
    }

    /**
     * Adds a service.
     *
     * @param service the service; its appointment type not used before
     * @return this builder
     * @throws ValidationException naming {@code catalogue.services} if the type is used already
     */
    public Builder service(Service service) {
      Checks.notNull(service, "catalogue.service");
      add(services, service.type(), service, "catalogue.services");
      return this;
    }

    /**
     * Adds a professional.
     *
     * @param professional the professional; its resource not used before
     * @return this builder
     * @throws ValidationException naming {@code catalogue.professionals} if the resource is used
     *     already
     */
    public Builder professional(Professional professional) {
      Checks.notNull(professional, "catalogue.professional");
      add(professionals, professional.resource(), professional, "catalogue.professionals");
      return this;
    }

    /**
     * Says that each of these professionals offers the service at the branch.
     *
     * @param branch a branch added before
     * @param service a service added before
     * @param professionals professionals added before, at least one
     * @return this builder
     * @throws ValidationException naming {@code catalogue.offerings} if one of them was not added
     */
    public Builder offers(String branch, AppointmentTypeId service, ResourceId... professionals) {
      Checks.notNull(professionals, "catalogue.offerings");
      if (!branches.containsKey(branch)) {
        throw new ValidationException("catalogue.offerings", "names an unknown branch: " + branch);
      }
      if (!services.containsKey(service)) {
        throw new ValidationException(
            "catalogue.offerings", "names an unknown service: " + service);
      }
      if (professionals.length == 0) {
        throw new ValidationException("catalogue.offerings", "must name a professional");
      }
      for (ResourceId p : professionals) {
        if (!this.professionals.containsKey(p)) {
          throw new ValidationException(
              "catalogue.offerings", "names an unknown professional: " + p);
        }
        offerings.add(new Offering(branch, service, p));
      }
      return this;
    }

    /**
     * Who gets a booking made for any professional.
     *
     * @param assignment the rule
     * @return this builder
     */
    public Builder assignment(AssignmentRule assignment) {
      this.assignment = Checks.notNull(assignment, "catalogue.assignment");
      return this;
    }

    /**
     * {@return the catalogue}
     *
     * @throws ValidationException naming {@code catalogue.offerings} if nothing is offered
     */
    public Catalogue build() {
      return new Catalogue(this);
    }

    private static <K, V> void add(Map<K, V> map, K key, V value, String field) {
      if (map.putIfAbsent(key, value) != null) {
        throw new ValidationException(field, "has " + key + " twice");
      }
    }
  }
}
