package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's pages: the sync queue with its dead letters and "retry", and the API log. */
@Controller
public class OperationsController {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd-MM HH:mm:ss");

  private final Directory directory;
  private final JdbcStores stores;

  /**
   * Creates the controller.
   *
   * @param directory the chain's records
   * @param stores Cita's stores
   */
  public OperationsController(Directory directory, JdbcStores stores) {
    this.directory = directory;
    this.stores = stores;
  }

  /** A row of the sync queue. */
  public record QueueRow(
      String id,
      String created,
      String appointment,
      String provider,
      String action,
      String status,
      int attempts,
      String next,
      String error,
      boolean dead) {}

  /** A row of the API log. */
  public record LogRow(
      String at,
      String provider,
      String direction,
      String operation,
      String outcome,
      String status,
      String error,
      long millis) {}

  /**
   * The sync queue of a branch: what waits to be pushed, what was, and the dead letters.
   *
   * @param branch the branch id; the first when absent
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/sync")
  public String sync(@RequestParam(name = "branch", required = false) String branch, Model model) {
    BranchRow shown = shown(branch, model);
    List<QueueRow> rows = new ArrayList<>();
    if (shown != null) {
      stores.outbox().entries(TenantId.of(shown.id())).stream()
          .sorted(
              Comparator.comparing((OutboxEntry e) -> e.status() == OutboxStatus.DONE)
                  .thenComparing(OutboxEntry::createdAt, Comparator.reverseOrder()))
          .limit(200)
          .forEach(e -> rows.add(row(e)));
    }
    model.addAttribute("rows", rows);
    return "admin/sync";
  }

  /**
   * Puts a dead letter back in the queue, due now.
   *
   * @param id the entry
   * @param branch the branch shown
   * @param flash the message for the next page
   * @return back to the queue
   */
  @PostMapping("/admin/sync/retry")
  public String retry(
      @RequestParam("id") String id,
      @RequestParam("branch") String branch,
      RedirectAttributes flash) {
    boolean requeued = stores.outbox().requeue(id);
    flash.addFlashAttribute(
        requeued ? "notice" : "error",
        requeued ? "Reencolado: se reintentará en segundos." : "Esa entrada ya no está detenida.");
    return "redirect:/admin/sync?branch=" + branch;
  }

  /**
   * The API log of a branch: every call to a provider and every webhook, newest first.
   *
   * @param branch the branch id; the first when absent
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/api-log")
  public String apiLog(
      @RequestParam(name = "branch", required = false) String branch, Model model) {
    BranchRow shown = shown(branch, model);
    List<LogRow> rows = new ArrayList<>();
    if (shown != null) {
      for (AuditEntry e : stores.auditLog().recent(TenantId.of(shown.id()), 200)) {
        rows.add(
            new LogRow(
                when(e.at()),
                WeekView.providerName(e.provider()),
                e.direction() == AuditEntry.Direction.OUTBOUND ? "saliente" : "entrante",
                e.operation(),
                e.outcome().name(),
                e.status().isPresent() ? String.valueOf(e.status().getAsInt()) : "—",
                e.errorCode().orElse(""),
                e.latency().toMillis()));
      }
    }
    model.addAttribute("rows", rows);
    return "admin/api-log";
  }

  private BranchRow shown(String branch, Model model) {
    BranchRow shown = directory.branchOrFirst(branch).orElse(null);
    model.addAttribute("branches", directory.branches());
    model.addAttribute("branch", shown);
    return shown;
  }

  private static QueueRow row(OutboxEntry e) {
    return new QueueRow(
        e.id(),
        when(e.createdAt()),
        e.appointmentId().value(),
        WeekView.providerName(e.provider()),
        e.action().name(),
        switch (e.status()) {
          case PENDING -> "pendiente";
          case DONE -> "enviado";
          case DEAD -> "detenido";
        },
        e.attempts(),
        e.status() == OutboxStatus.PENDING ? when(e.nextAttemptAt()) : "",
        e.lastError().orElse(""),
        e.status() == OutboxStatus.DEAD);
  }

  /** {@return an instant as the admin pages show it, in Santiago} */
  static String when(Instant at) {
    return WHEN.format(at.atZone(ClinicAgenda.ZONE));
  }
}
