package dev.cita.examples.clinic;

import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chain's own records, in the app's tables next to Cita's: branches (each one a Cita tenant)
 * with their opening hours, services and professionals. {@link ClinicAgenda} turns them into Cita
 * schedules, appointment types and the chat catalogue.
 */
@Component
public class Directory {
  private final JdbcClient jdbc;

  /**
   * A branch: its id is its Cita tenant id; open on {@code days} from {@code opens} to {@code
   * closes}.
   */
  public record BranchRow(
      String id,
      String name,
      String address,
      Set<DayOfWeek> days,
      LocalTime opens,
      LocalTime closes) {
    /** {@return the open days, comma-separated, as stored} */
    String daysText() {
      return days.stream().map(DayOfWeek::name).collect(Collectors.joining(","));
    }
  }

  /** A service: a Cita appointment type of every branch. */
  public record ServiceRow(String id, String name, int minutes) {}

  /** A professional: a Cita resource of one branch, offering some services. */
  public record ProfessionalRow(String id, String name, String branchId, List<String> serviceIds) {}

  /**
   * Creates the tables when missing.
   *
   * @param jdbc the app's database
   */
  public Directory(JdbcClient jdbc) {
    this.jdbc = jdbc;
    jdbc.sql(
            "CREATE TABLE IF NOT EXISTS clinic_branch (id VARCHAR(64) PRIMARY KEY, name"
                + " VARCHAR(200) NOT NULL, address VARCHAR(300) NOT NULL, days VARCHAR(100) NOT"
                + " NULL, opens VARCHAR(5) NOT NULL, closes VARCHAR(5) NOT NULL)")
        .update();
    jdbc.sql(
            "CREATE TABLE IF NOT EXISTS clinic_service (id VARCHAR(64) PRIMARY KEY, name"
                + " VARCHAR(200) NOT NULL, minutes INT NOT NULL)")
        .update();
    jdbc.sql(
            "CREATE TABLE IF NOT EXISTS clinic_professional (id VARCHAR(64) PRIMARY KEY, name"
                + " VARCHAR(200) NOT NULL, branch_id VARCHAR(64) NOT NULL, services VARCHAR(1000)"
                + " NOT NULL)")
        .update();
  }

  /** {@return the branches, by name} */
  public List<BranchRow> branches() {
    return jdbc.sql(
            "SELECT id, name, address, days, opens, closes FROM clinic_branch ORDER BY name")
        .query(
            (rs, n) ->
                new BranchRow(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    days(rs.getString(4)),
                    LocalTime.parse(rs.getString(5)),
                    LocalTime.parse(rs.getString(6))))
        .list();
  }

  /**
   * {@return one branch}
   *
   * @param id its id
   */
  public Optional<BranchRow> branch(String id) {
    return branches().stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * {@return the branch a page shows: the one asked for, else the first; empty without branches}
   *
   * @param id the branch asked for, or null
   */
  public Optional<BranchRow> branchOrFirst(String id) {
    List<BranchRow> branches = branches();
    return branches.stream()
        .filter(b -> b.id().equals(id))
        .findFirst()
        .or(() -> branches.stream().findFirst());
  }

  /**
   * Adds a branch or changes its name, address and hours.
   *
   * @param branch the branch
   */
  @Transactional
  public void saveBranch(BranchRow branch) {
    jdbc.sql("DELETE FROM clinic_branch WHERE id = ?").param(branch.id()).update();
    jdbc.sql(
            "INSERT INTO clinic_branch (id, name, address, days, opens, closes) VALUES (?, ?, ?, ?,"
                + " ?, ?)")
        .params(
            branch.id(),
            branch.name(),
            branch.address(),
            branch.daysText(),
            branch.opens().toString(),
            branch.closes().toString())
        .update();
  }

  /** {@return the services, by name} */
  public List<ServiceRow> services() {
    return jdbc.sql("SELECT id, name, minutes FROM clinic_service ORDER BY name")
        .query((rs, n) -> new ServiceRow(rs.getString(1), rs.getString(2), rs.getInt(3)))
        .list();
  }

  /**
   * Adds a service or changes it.
   *
   * @param service the service
   */
  @Transactional
  public void saveService(ServiceRow service) {
    jdbc.sql("DELETE FROM clinic_service WHERE id = ?").param(service.id()).update();
    jdbc.sql("INSERT INTO clinic_service (id, name, minutes) VALUES (?, ?, ?)")
        .params(service.id(), service.name(), service.minutes())
        .update();
  }

  /** {@return the professionals, by name} */
  public List<ProfessionalRow> professionals() {
    return jdbc.sql("SELECT id, name, branch_id, services FROM clinic_professional ORDER BY name")
        .query(
            (rs, n) ->
                new ProfessionalRow(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    Arrays.stream(rs.getString(4).split(",")).filter(s -> !s.isBlank()).toList()))
        .list();
  }

  /**
   * Adds a professional or changes them.
   *
   * @param professional the professional
   */
  @Transactional
  public void saveProfessional(ProfessionalRow professional) {
    jdbc.sql("DELETE FROM clinic_professional WHERE id = ?").param(professional.id()).update();
    jdbc.sql("INSERT INTO clinic_professional (id, name, branch_id, services) VALUES (?, ?, ?, ?)")
        .params(
            professional.id(),
            professional.name(),
            professional.branchId(),
            String.join(",", professional.serviceIds()))
        .update();
  }

  /**
   * {@return an id made of a name: lower case ASCII letters, digits and dashes}
   *
   * @param name a name such as "Clínica Ñuñoa"
   */
  public static String slug(String name) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "x" : slug.substring(0, Math.min(slug.length(), 60));
  }

  private static Set<DayOfWeek> days(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Arrays.stream(text.split(","))
        .filter(s -> !s.isBlank())
        .map(DayOfWeek::valueOf)
        .forEach(days::add);
    return days;
  }
}
