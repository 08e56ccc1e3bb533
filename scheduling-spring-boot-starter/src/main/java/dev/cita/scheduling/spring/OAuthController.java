package dev.cita.scheduling.spring;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.AuthorizationStateException;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.InvalidGrantException;
import dev.cita.scheduling.token.PendingAuthorization;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OAuth endpoints a business owner's browser goes through to connect a provider account:
 *
 * <ul>
 *   <li>{@code GET {prefix}/oauth/{provider}/start?link=...}: a {@link ConnectLinks} link. Without
 *       {@code confirm} it shows a page naming the provider and the tenant, with a "Continue"
 *       button (so a link preview does not use the link up); with {@code confirm=1} it uses the
 *       link up, once, and redirects to the provider's consent page with a one-time state bound to
 *       the link's tenant. A used, expired or unknown link gets a page saying which.
 *   <li>{@code GET {prefix}/oauth/{provider}/callback?code=...&state=...}: accepts the state once
 *       (a missing, forged, replayed or expired one gets a 400 page and nothing is connected),
 *       exchanges the code and stores the credential, encrypted; then redirects to {@code
 *       cita.web.oauth.landing-url} with {@code tenant}, {@code provider} and {@code outcome}
 *       ({@code connected}, {@code declined} or {@code failed}), or shows a page of its own:
 *       "Connected", or what failed, without secrets.
 * </ul>
 *
 * <p>The start endpoint needs no login: the link is the proof. In an application with Spring
 * Security, permit {@code {prefix}/oauth/**} (both endpoints are GETs, so CSRF protection does not
 * get in their way).
 */
@Controller
public class OAuthController {
  private static final Logger log = LoggerFactory.getLogger(OAuthController.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, OAuthConnector> connectors;
  private final ConnectLinks links;
  private final AuthorizationFlow flow;
  private final AuthorizationStateStore states;
  private final @Nullable String landingUrl;

  /**
   * Creates the endpoints.
   *
   * @param connectors the configured providers
   * @param links the connect links
   * @param flow the authorization flow over {@code states}
   * @param states the store the connectors keep their started authorizations in
   * @param landingUrl where to send the browser after a callback; null for the pages of its own
   */
  public OAuthController(
      List<OAuthConnector> connectors,
      ConnectLinks links,
      AuthorizationFlow flow,
      AuthorizationStateStore states,
      @Nullable String landingUrl) {
    this.connectors =
        connectors.stream()
            .collect(Collectors.toUnmodifiableMap(OAuthConnector::provider, Function.identity()));
    this.links = links;
    this.flow = flow;
    this.states = states;
    this.landingUrl = landingUrl == null || landingUrl.isBlank() ? null : landingUrl;
  }

  /**
   * Opens a connect link: a page with a "Continue" button, or, confirmed, the redirect to the
   * provider's consent page.
   *
   * @param provider the provider in the path
   * @param link the link's token
   * @param confirm {@code 1} when the owner pressed "Continue"
   * @param request the request, for the browser's language
   * @return the page, or a redirect
   */
  @GetMapping("${cita.web.prefix:/cita}/oauth/{provider}/start")
  public ResponseEntity<String> start(
      @PathVariable("provider") String provider,
      @RequestParam(name = "link", required = false) @Nullable String link,
      @RequestParam(name = "confirm", required = false) @Nullable String confirm,
      HttpServletRequest request) {
    OAuthPages pages = OAuthPages.of(request.getLocale());
    OAuthConnector connector = connectors.get(provider);
    if (connector == null) {
      return pages.unknownProvider(provider);
    }
    if (!"1".equals(confirm)) {
      ConnectLinks.Lookup found = links.check(provider, link);
      if (found.status() != ConnectLinks.Status.OPEN) {
        return linkPage(pages, found.status());
      }
      String continueUrl =
          UriComponentsBuilder.fromPath(request.getRequestURI())
              .queryParam("link", link)
              .queryParam("confirm", "1")
              .encode()
              .build()
              .toUriString();
      return pages.confirm(connector.displayName(), tenantName(found), continueUrl);
    }
    ConnectLinks.Lookup used = links.use(provider, link);
    if (used.status() != ConnectLinks.Status.OPEN || used.tenant() == null) {
      return linkPage(pages, used.status());
    }
    String consent = connector.authorizationUrl(used.tenant());
    log.info("connect link of {} used: sending the browser to {}", used.tenant(), provider);
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(consent))
        .cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  /**
   * The provider's redirect back: connects the tenant the state was issued for.
   *
   * @param provider the provider in the path
   * @param code the authorization code, when the owner consented
   * @param state the one-time state
   * @param error the provider's error code, when the owner declined or the provider refused
   * @param request the request, for the browser's language
   * @return the landing redirect, or a page
   */
  @GetMapping("${cita.web.prefix:/cita}/oauth/{provider}/callback")
  public ResponseEntity<String> callback(
      @PathVariable("provider") String provider,
      @RequestParam(name = "code", required = false) @Nullable String code,
      @RequestParam(name = "state", required = false) @Nullable String state,
      @RequestParam(name = "error", required = false) @Nullable String error,
      HttpServletRequest request) {
    OAuthPages pages = OAuthPages.of(request.getLocale());
    OAuthConnector connector = connectors.get(provider);
    if (connector == null) {
      return pages.unknownProvider(provider);
    }
    PendingAuthorization pending;
    try {
      // Accepted here, once, so that the tenant is known whatever happens next.
      pending = flow.complete(state, provider);
    } catch (AuthorizationStateException refused) {
      log.warn("{} callback refused: {}", provider, refused.getMessage());
      return pages.invalidState();
    }
    TenantId tenant = pending.tenant();
    if (error != null || code == null || code.isBlank()) {
      String what =
          error == null ? "no authorization code" : "the provider answered " + sanitize(error);
      log.warn("{} callback for {} without a code: {}", provider, tenant, what);
      return outcome(pages, connector, tenant, "declined", what);
    }
    try {
      // The connector accepts a state itself: hand it a fresh one, server-side only, bound to the
      // authorization accepted above.
      String handOver = randomState();
      states.put(handOver, pending);
      ConnectionKey connection = connector.complete(code, handOver);
      log.info("{} connected through the OAuth callback", connection);
      return outcome(pages, connector, tenant, "connected", null);
    } catch (ProviderException e) {
      log.warn("{} callback for {} failed at the provider", provider, tenant, e);
      return outcome(pages, connector, tenant, "failed", providerFailure(e));
    } catch (InvalidGrantException e) {
      log.warn("{} refused the authorization code of {}", provider, tenant, e);
      return outcome(
          pages,
          connector,
          tenant,
          "failed",
          "the provider refused the authorization code (invalid_grant)");
    } catch (ValidationException e) {
      log.warn("{} callback for {} refused", provider, tenant, e);
      return outcome(pages, connector, tenant, "failed", e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} callback for {} failed", provider, tenant, e);
      return outcome(
          pages,
          connector,
          tenant,
          "failed",
          "the connection could not be completed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private ResponseEntity<String> outcome(
      OAuthPages pages,
      OAuthConnector connector,
      TenantId tenant,
      String outcome,
      @Nullable String what) {
    if (landingUrl != null) {
      URI landing =
          UriComponentsBuilder.fromUriString(landingUrl)
              .queryParam("tenant", tenant.value())
              .queryParam("provider", connector.provider())
              .queryParam("outcome", outcome)
              .encode()
              .build()
              .toUri();
      return ResponseEntity.status(HttpStatus.FOUND)
          .location(landing)
          .cacheControl(CacheControl.noStore())
          .build();
    }
    if (what == null) {
      return pages.connected(connector.displayName(), tenant.value());
    }
    return pages.failed(
        "declined".equals(outcome) ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY,
        connector.displayName(),
        what);
  }

  private static ResponseEntity<String> linkPage(OAuthPages pages, ConnectLinks.Status status) {
    return switch (status) {
      case USED -> pages.linkUsed();
      case EXPIRED -> pages.linkExpired();
      default -> pages.linkUnknown();
    };
  }

  private static String tenantName(ConnectLinks.Lookup found) {
    return found.tenant() == null ? "" : found.tenant().value();
  }

  /** What a provider failure was, from its typed fields, never from a body or a token. */
  private static String providerFailure(ProviderException e) {
    StringBuilder what = new StringBuilder(e.provider()).append(" refused or failed the request");
    e.httpStatus().ifPresent(s -> what.append(" (HTTP ").append(s).append(')'));
    e.providerCode().ifPresent(c -> what.append(": ").append(sanitize(c)));
    return what.toString();
  }

  /** A provider's error code as letters, digits and {@code _.-}, at most 40 of them. */
  private static String sanitize(String code) {
    String clean = code.replaceAll("[^A-Za-z0-9_.-]", "");
    return clean.length() <= 40 ? clean : clean.substring(0, 40);
  }

  private static String randomState() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
