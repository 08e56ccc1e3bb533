package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.examples.clinic.Directory.ProfessionalRow;
import dev.cita.examples.clinic.Directory.ServiceRow;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin pages: the week calendar, branches with their hours, services and professionals. */
@Controller
public class AdminController {
  private final Directory directory;
  private final ClinicAgenda agenda;
  private final BookingService bookings;
  private final JdbcStores stores;
  private final JdbcClient jdbc;
  private final Clock clock;

  /**
   * Creates the controller.
   *
   * @param directory the chain's records
   * @param agenda the chain in Cita
   * @param bookings the booking service
   * @param stores Cita's stores
   * @param jdbc the database
   * @param clock the clock
   */
  public AdminController(
      Directory directory,
      ClinicAgenda agenda,
      BookingService bookings,
      JdbcStores stores,
      JdbcClient jdbc,
      Clock clock) {
    this.directory = directory;
    this.agenda = agenda;
    this.bookings = bookings;
    this.stores = stores;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** {@return the day names of the forms, in Spanish} */
  @ModelAttribute("dayNames")
  public Map<DayOfWeek, String> dayNames() {
    return DAY_NAMES;
  }

  /** {@return the week calendar} */
  @GetMapping("/admin")
  public String home() {
    return "redirect:/admin/week";
  }

  /**
   * The week calendar of one branch.
   *
   * @param branch the branch id; the first branch when absent
   * @param week any day of the week to show; this week when absent
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/week")
  public String week(
      @RequestParam(name = "branch", required = false) String branch,
      @RequestParam(name = "week", required = false) LocalDate week,
      Model model) {
    List<BranchRow> branches = directory.branches();
    BranchRow shown = directory.branchOrFirst(branch).orElse(null);
    LocalDate today = LocalDate.now(clock.withZone(ClinicAgenda.ZONE));
    LocalDate monday =
        (week == null ? today : week).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    List<Appointment> appointments = shown == null ? List.of() : appointments(shown.id(), monday);
    model.addAttribute("branches", branches);
    model.addAttribute("branch", shown);
    model.addAttribute("previous", monday.minusWeeks(1));
    model.addAttribute("next", monday.plusWeeks(1));
    model.addAttribute(
        "view",
        WeekView.of(
            monday,
            today,
            appointments,
            directory.services().stream()
                .collect(Collectors.toMap(ServiceRow::id, ServiceRow::name)),
            directory.professionals().stream()
                .collect(Collectors.toMap(ProfessionalRow::id, ProfessionalRow::name))));
    return "admin/week";
  }

  /**
   * Cancels an appointment; the customer gets the cancellation notice on their channel.
   *
   * @param tenant the branch
   * @param id the appointment
   * @param week the week shown
   * @param flash the message for the next page
   * @return back to the week
   */
  @PostMapping("/admin/appointments/cancel")
  public String cancel(
      @RequestParam("tenant") String tenant,
      @RequestParam("id") String id,
      @RequestParam("week") LocalDate week,
      RedirectAttributes flash) {
    try {
      bookings.cancel(TenantId.of(tenant), AppointmentId.of(id));
      flash.addFlashAttribute("notice", "Cita cancelada; se avisó al paciente.");
    } catch (SchedulingException e) {
      // Cancelled or moved meanwhile (another admin, a provider's webhook): say so, change nothing.
      flash.addFlashAttribute("error", "No se pudo cancelar: " + e.getMessage());
    }
    return "redirect:/admin/week?branch=" + tenant + "&week=" + week;
  }

  /**
   * The branches and the form to add one.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/branches")
  public String branches(Model model) {
    model.addAttribute("branches", directory.branches());
    model.addAttribute("days", DayOfWeek.values());
    return "admin/branches";
  }

  /**
   * Adds a branch with its hours, or changes one.
   *
   * @param id the branch id when changing one; empty to add
   * @param name the name
   * @param address the address
   * @param days the open days
   * @param opens opening time
   * @param closes closing time
   * @param flash the message for the next page
   * @return back to the list
   */
  @PostMapping("/admin/branches")
  public String saveBranch(
      @RequestParam(name = "id", defaultValue = "") String id,
      @RequestParam("name") String name,
      @RequestParam(name = "address", defaultValue = "") String address,
      @RequestParam(name = "days", required = false) List<DayOfWeek> days,
      @RequestParam("opens") LocalTime opens,
      @RequestParam("closes") LocalTime closes,
      RedirectAttributes flash) {
    if (name.isBlank() || !opens.isBefore(closes)) {
      flash.addFlashAttribute("error", "Indique un nombre y un horario que abra antes de cerrar.");
      return "redirect:/admin/branches";
    }
    Set<DayOfWeek> open = days == null ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    String branchId = id.isBlank() ? Directory.slug(name) : id;
    directory.saveBranch(
        new BranchRow(branchId, name.strip(), address.strip(), open, opens, closes));
    agenda.refresh();
    flash.addFlashAttribute("notice", "Sucursal " + name.strip() + " guardada.");
    return "redirect:/admin/branches";
  }

  /**
   * The services and the form to add one.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/services")
  public String services(Model model) {
    model.addAttribute("services", directory.services());
    return "admin/services";
  }

  /**
   * Adds a service.
   *
   * @param name the name
   * @param minutes its length
   * @param flash the message for the next page
   * @return back to the list
   */
  @PostMapping("/admin/services")
  public String saveService(
      @RequestParam("name") String name,
      @RequestParam("minutes") int minutes,
      RedirectAttributes flash) {
    if (name.isBlank() || minutes < 5 || minutes > 480) {
      flash.addFlashAttribute("error", "Indique un nombre y una duración de 5 a 480 minutos.");
      return "redirect:/admin/services";
    }
    directory.saveService(new ServiceRow(Directory.slug(name), name.strip(), minutes));
    agenda.refresh();
    flash.addFlashAttribute("notice", "Servicio " + name.strip() + " guardado.");
    return "redirect:/admin/services";
  }

  /**
   * The professionals and the form to add one.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/professionals")
  public String professionals(Model model) {
    model.addAttribute("professionals", directory.professionals());
    model.addAttribute("branches", directory.branches());
    model.addAttribute("services", directory.services());
    model.addAttribute(
        "branchNames",
        directory.branches().stream().collect(Collectors.toMap(BranchRow::id, BranchRow::name)));
    model.addAttribute(
        "serviceNames",
        directory.services().stream().collect(Collectors.toMap(ServiceRow::id, ServiceRow::name)));
    return "admin/professionals";
  }

  /**
   * Adds a professional; they work the branch's hours.
   *
   * @param name the name
   * @param branch the branch id
   * @param services the services they offer
   * @param flash the message for the next page
   * @return back to the list
   */
  @PostMapping("/admin/professionals")
  public String saveProfessional(
      @RequestParam("name") String name,
      @RequestParam("branch") String branch,
      @RequestParam(name = "services", required = false) List<String> services,
      RedirectAttributes flash) {
    if (name.isBlank() || directory.branch(branch).isEmpty()) {
      flash.addFlashAttribute("error", "Indique un nombre y una sucursal.");
      return "redirect:/admin/professionals";
    }
    directory.saveProfessional(
        new ProfessionalRow(
            Directory.slug(name), name.strip(), branch, services == null ? List.of() : services));
    agenda.refresh();
    flash.addFlashAttribute("notice", "Profesional " + name.strip() + " guardado.");
    return "redirect:/admin/professionals";
  }

  /**
   * A branch's page: its hours form.
   *
   * @param id the branch
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/branches/{id}")
  public String branch(@PathVariable("id") String id, Model model) {
    model.addAttribute("branch", directory.branch(id).orElseThrow());
    model.addAttribute("days", DayOfWeek.values());
    return "admin/branch";
  }

  private List<Appointment> appointments(String branch, LocalDate monday) {
    TenantId tenant = TenantId.of(branch);
    // Every status, not only those holding time: a cancelled appointment stays on the calendar.
    List<String> ids =
        jdbc.sql(
                "SELECT id FROM cita_appointment WHERE tenant_id = ? AND start_at >= ? AND start_at"
                    + " < ? ORDER BY start_at")
            .params(
                branch,
                monday
                    .atStartOfDay(ClinicAgenda.ZONE)
                    .toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC),
                monday
                    .plusWeeks(1)
                    .atStartOfDay(ClinicAgenda.ZONE)
                    .toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC))
            .query(String.class)
            .list();
    List<Appointment> found = new ArrayList<>();
    for (String id : ids) {
      stores.appointments().find(tenant, AppointmentId.of(id)).ifPresent(found::add);
    }
    return found;
  }

  /** Day names in Spanish for the forms. */
  public static final Map<DayOfWeek, String> DAY_NAMES =
      Map.of(
          DayOfWeek.MONDAY, "Lun",
          DayOfWeek.TUESDAY, "Mar",
          DayOfWeek.WEDNESDAY, "Mié",
          DayOfWeek.THURSDAY, "Jue",
          DayOfWeek.FRIDAY, "Vie",
          DayOfWeek.SATURDAY, "Sáb",
          DayOfWeek.SUNDAY, "Dom");
}
