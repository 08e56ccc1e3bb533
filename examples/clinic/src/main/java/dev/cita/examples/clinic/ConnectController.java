package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spring.ConnectLinks;
import dev.cita.scheduling.spring.OAuthConnector;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Conectar Google / Cal.com / Calendly": the admin makes a one-time link for a branch (the
 * starter's {@link ConnectLinks}) to copy or send by WhatsApp; the business opens it, consents at
 * the provider and comes back to the starter's callback, served at the demo's redirect URI too; the
 * landing page says "Conectado".
 */
@Controller
public class ConnectController {
  private static final DateTimeFormatter UNTIL =
      DateTimeFormatter.ofPattern("d 'de' MMMM, HH:mm", Locale.forLanguageTag("es"));

  /** The providers a branch may connect. */
  private static final List<String> PROVIDERS = List.of("google", "calcom", "calendly");

  private final Directory directory;
  private final JdbcStores stores;
  private final ObjectProvider<ConnectLinks> links;
  private final List<OAuthConnector> connectors;
  private final String prefix;

  /**
   * Creates the controller.
   *
   * @param directory the chain's records
   * @param stores Cita's stores (the connection statuses)
   * @param links the starter's connect links, when a provider is configured
   * @param connectors the configured providers
   * @param prefix the path prefix of the starter's endpoints
   */
  public ConnectController(
      Directory directory,
      JdbcStores stores,
      ObjectProvider<ConnectLinks> links,
      List<OAuthConnector> connectors,
      @Value("${cita.web.prefix:/cita}") String prefix) {
    this.directory = directory;
    this.stores = stores;
    this.links = links;
    this.connectors = connectors;
    this.prefix = prefix;
  }

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
   * Each branch's connection to each provider.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/admin/connections")
  public String connections(Model model) {
    model.addAttribute("rows", connectionRows());
    model.addAttribute("configured", connectors.stream().map(OAuthConnector::provider).toList());
    model.addAttribute("prefix", "/cita");
    return "admin/connections";
  }

  /** {@return every branch with every provider and where its connection stands} */
  private List<ConnectionRow> connectionRows() {
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
                state.map(s -> OperationsController.when(s.changedAt())).orElse(""),
                state.map(ConnectionState::reason).orElse(""),
                status == ConnectionStatus.NEEDS_REAUTHORIZATION
                    || status == ConnectionStatus.REVOKED));
      }
    }
    return rows;
  }

  /**
   * Makes a connect link for a branch and a provider.
   *
   * @param branch the branch
   * @param provider the provider id
   * @param flash the link, for the next page
   * @return back to the connections
   */
  @PostMapping("/admin/connections/link")
  public String link(
      @RequestParam("branch") String branch,
      @RequestParam("provider") String provider,
      RedirectAttributes flash) {
    ConnectLinks made = links.getIfAvailable();
    BranchRow row = directory.branch(branch).orElse(null);
    if (made == null || row == null) {
      flash.addFlashAttribute("error", notConfigured(provider));
      return "redirect:/admin/connections";
    }
    try {
      ConnectLinks.Link link = made.create(TenantId.of(branch), provider);
      String name = WeekView.providerName(provider);
      String text =
          "Hola, para conectar el calendario "
              + name
              + " de la sucursal "
              + row.name()
              + " abra este enlace (sirve una vez): "
              + link.url();
      flash.addFlashAttribute("link", link.url().toString());
      flash.addFlashAttribute("linkFor", name + " · " + row.name());
      flash.addFlashAttribute(
          "linkUntil", UNTIL.format(link.expiresAt().atZone(ClinicAgenda.ZONE)));
      flash.addFlashAttribute(
          "whatsapp", "https://wa.me/?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
    } catch (ValidationException e) {
      flash.addFlashAttribute("error", notConfigured(provider));
    }
    return "redirect:/admin/connections";
  }

  /**
   * Where the starter sends the browser after a provider's callback.
   *
   * @param tenant the branch
   * @param provider the provider
   * @param outcome {@code connected}, {@code declined} or {@code failed}
   * @param model the page model
   * @return the page
   */
  @GetMapping("/conectado")
  public String landing(
      @RequestParam(name = "tenant", defaultValue = "") String tenant,
      @RequestParam(name = "provider", defaultValue = "") String provider,
      @RequestParam(name = "outcome", defaultValue = "failed") String outcome,
      Model model) {
    model.addAttribute("connected", "connected".equals(outcome));
    model.addAttribute("declined", "declined".equals(outcome));
    model.addAttribute("provider", WeekView.providerName(provider));
    model.addAttribute("branch", directory.branch(tenant).map(BranchRow::name).orElse(tenant));
    return "connected";
  }

  /**
   * Google's redirect URI ({@code http://localhost:60000/oauth/callback} by default), handed to the
   * starter's callback.
   *
   * @return the forward
   */
  @GetMapping("${clinic.oauth-redirect-path:/oauth/callback}")
  public String googleCallback() {
    return "forward:" + prefix + "/oauth/google/callback";
  }

  /**
   * Another provider's redirect URI ({@code .../oauth/callback/calcom}), handed to the starter.
   *
   * @param provider the provider id
   * @return the forward
   */
  @GetMapping("${clinic.oauth-redirect-path:/oauth/callback}/{provider:calcom|calendly}")
  public String callback(@PathVariable("provider") String provider) {
    return "forward:" + prefix + "/oauth/" + provider + "/callback";
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

  private static String notConfigured(String provider) {
    return WeekView.providerName(provider)
        + " no está configurado: defina cita."
        + provider
        + ".client-id y cita."
        + provider
        + ".client-secret.";
  }
}
