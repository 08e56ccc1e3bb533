package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's pages: the sync queue with its dead letters and "retry", the API log, and each
 * branch's connection to Google, Cal.com and Calendly.
 */
@Controller
public class OperationsController {
  /** The providers a branch may connect, by id, with their display names. */
  static final List<String> PROVIDERS = List.of("google", "calcom", "calendly");

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

  /** A branch's connection to one provider. */
  public record ConnectionRow(
      String branchId,
      String branch,
      String provider,
      String providerName,
      String status,
      String statusClass,
      String since,
      String reason,
      boolean needsReauthorization) {}

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

  /**
   * Each branch's connection to each provider.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/connections")
  public String connections(Model model) {
    model.addAttribute("rows", connectionRows());
    return "admin/connections";
  }

  /** {@return every branch with every provider and where its connection stands} */
  List<ConnectionRow> connectionRows() {
    Map<String, ConnectionKey> known = new HashMap<>();
    for (String provider : PROVIDERS) {
      for (ConnectionStatus status : ConnectionStatus.values()) {
        if (status == ConnectionStatus.NOT_CONNECTED) {
          continue;
        }
        for (ConnectionKey key : stores.connectionStatuses().withStatus(status, provider, 1000)) {
          known.put(key.tenant().value() + "/" + provider, key);
        }
      }
    }
    List<ConnectionRow> rows = new ArrayList<>();
    for (BranchRow b : directory.branches()) {
      for (String provider : PROVIDERS) {
        ConnectionKey key = known.get(b.id() + "/" + provider);
        Optional<ConnectionState> state =
            key == null ? Optional.empty() : stores.connectionStatuses().load(key);
        ConnectionStatus status =
            state.map(ConnectionState::status).orElse(ConnectionStatus.NOT_CONNECTED);
        rows.add(
            new ConnectionRow(
                b.id(),
                b.name(),
                provider,
                WeekView.providerName(provider),
                statusName(status),
                status == ConnectionStatus.CONNECTED
                    ? "ok"
                    : status == ConnectionStatus.NOT_CONNECTED ? "muted" : "warn",
                state.map(s -> when(s.changedAt())).orElse(""),
                state.map(ConnectionState::reason).orElse(""),
                status == ConnectionStatus.NEEDS_REAUTHORIZATION
                    || status == ConnectionStatus.REVOKED));
      }
    }
    return rows;
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

  private static String when(Instant at) {
    return WHEN.format(at.atZone(ClinicAgenda.ZONE));
  }

  private static String statusName(ConnectionStatus status) {
    return switch (status) {
      case CONNECTED -> "Conectado";
      case NEEDS_REAUTHORIZATION -> "Necesita reautorización";
      case REVOKED -> "Acceso revocado";
      case REVOKING -> "Desconectando";
      case NOT_CONNECTED -> "No conectado";
    };
  }
}
