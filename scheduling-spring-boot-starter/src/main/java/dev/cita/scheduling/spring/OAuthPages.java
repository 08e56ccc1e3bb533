package dev.cita.scheduling.spring;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The small self-contained pages of the OAuth endpoints, in Spanish for a browser that prefers it
 * and in English otherwise. Every value is HTML-escaped; no page names a secret. The pages are
 * never cached and send no referrer, so a link's token does not travel to the provider.
 */
final class OAuthPages {
  private final boolean spanish;

  private OAuthPages(boolean spanish) {
    this.spanish = spanish;
  }

  static OAuthPages of(Locale locale) {
    return new OAuthPages("es".equals(locale.getLanguage()));
  }

  private String t(String es, String en) {
    return spanish ? es : en;
  }

  ResponseEntity<String> connected(String provider, String tenant) {
    return page(
        HttpStatus.OK,
        t("Conectado", "Connected"),
        t(
            provider + " quedó conectado a " + tenant + ". Ya puedes cerrar esta ventana.",
            provider + " is now connected to " + tenant + ". You can close this window."),
        null);
  }

  ResponseEntity<String> failed(HttpStatus status, String provider, String what) {
    return page(
        status,
        t("No se pudo conectar", "Not connected"),
        t(
            provider
                + " no quedó conectado: "
                + what
                + ". Pide un enlace nuevo e inténtalo otra vez.",
            provider + " was not connected: " + what + ". Ask for a new link and try again."),
        null);
  }

  ResponseEntity<String> invalidState() {
    return page(
        HttpStatus.BAD_REQUEST,
        t("Autorización no válida", "Invalid authorization"),
        t(
            "Esta autorización no es válida, venció o ya se usó; no se conectó nada. Pide un enlace"
                + " nuevo.",
            "This authorization is not valid, has expired or was already used; nothing was"
                + " connected. Ask for a new link."),
        null);
  }

  ResponseEntity<String> linkUsed() {
    return page(
        HttpStatus.GONE,
        t("Enlace ya usado", "Link already used"),
        t(
            "Este enlace ya se usó. Si necesitas conectar otra vez, pide un enlace nuevo.",
            "This link was already used. To connect again, ask for a new link."),
        null);
  }

  ResponseEntity<String> linkExpired() {
    return page(
        HttpStatus.GONE,
        t("Enlace vencido", "Link expired"),
        t(
            "Este enlace venció. Pide un enlace nuevo.",
            "This link has expired. Ask for a new link."),
        null);
  }

  ResponseEntity<String> linkUnknown() {
    return page(
        HttpStatus.BAD_REQUEST,
        t("Enlace no válido", "Invalid link"),
        t(
            "Este enlace no es válido. Revisa que esté completo o pide uno nuevo.",
            "This link is not valid. Check that it is complete, or ask for a new one."),
        null);
  }

  ResponseEntity<String> unknownProvider(String provider) {
    return page(
        HttpStatus.NOT_FOUND,
        t("Proveedor desconocido", "Unknown provider"),
        t(
            "No hay conexión configurada para " + provider + ".",
            "No connection is configured for " + provider + "."),
        null);
  }

  ResponseEntity<String> confirm(String provider, String tenant, String continueUrl) {
    return page(
        HttpStatus.OK,
        t("Conectar " + provider, "Connect " + provider),
        t(
            "Vas a conectar tu cuenta de " + provider + " a " + tenant + ".",
            "You are about to connect your " + provider + " account to " + tenant + "."),
        continueUrl);
  }

  private ResponseEntity<String> page(
      HttpStatus status, String title, String text, @Nullable String buttonUrl) {
    String html =
        "<!DOCTYPE html><html lang=\""
            + t("es", "en")
            + "\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"robots\" content=\"noindex\">"
            + "<title>"
            + HtmlUtils.htmlEscape(title)
            + "</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem"
            + " auto;padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.5rem}"
            + "a.button{display:inline-block;padding:.75rem 1.5rem;background:#1a73e8;color:#fff;"
            + "border-radius:.5rem;text-decoration:none;font-weight:600}</style></head><body><h1>"
            + HtmlUtils.htmlEscape(title)
            + "</h1><p>"
            + HtmlUtils.htmlEscape(text)
            + "</p>"
            + (buttonUrl == null
                ? ""
                : "<p><a class=\"button\" rel=\"noreferrer\" href=\""
                    + HtmlUtils.htmlEscape(buttonUrl)
                    + "\">"
                    + t("Continuar", "Continue")
                    + "</a></p>")
            + "</body></html>";
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .header("X-Content-Type-Options", "nosniff")
        .body(html);
  }
}
