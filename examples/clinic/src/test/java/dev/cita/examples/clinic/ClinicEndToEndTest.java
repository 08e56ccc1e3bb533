package dev.cita.examples.clinic;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The clinic end to end in headless Chromium, as its admin and a customer use it: log in, open a
 * branch with its hours and a professional, book through the chat in Spanish, see the appointment
 * in the week, cancel it, and see the customer's cancellation notice in the chat; connect a
 * branch's Google Calendar through a one-time link, against WireMock standing in for Google's
 * consent screen and token endpoint. "Now" is Monday 7 December 2026, 09:00 in Santiago, and runs
 * on from there. Saves the screenshots (target/screenshots; the README's with {@code
 * -Dclinic.screenshots.update=true}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:clinic-browser;DB_CLOSE_DELAY=-1",
      "clinic.clock-start=2026-12-07T12:00:00Z",
      "clinic.keyset-file=target/clinic-browser-test/token-keyset.json",
      "cita.google.client-id=clinic-test.apps.googleusercontent.com",
      "cita.google.client-secret=test-secret"
    })
class ClinicEndToEndTest {
  static final int PORT = freePort();
  static final int OAUTH_PORT = freePort();

  /** Google's consent screen, token endpoint and Calendar API, stood in for by WireMock. */
  static final WireMockServer google =
      new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));

  static Browser browser;

  @Autowired BookingService bookings;
  @Autowired JdbcStores stores;
  @Autowired Clock clock;

  @DynamicPropertySource
  static void ports(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("clinic.oauth-redirect-port", () -> OAUTH_PORT);
  }

  /** The starter's Google client, with every Google endpoint at WireMock. */
  @TestConfiguration
  static class FakeGoogle {
    @Bean
    GoogleConfig googleConfig() {
      if (!google.isRunning()) {
        google.start();
      }
      return GoogleConfig.builder()
          .clientId("clinic-test.apps.googleusercontent.com")
          .clientSecret("test-secret")
          .redirectUri("http://localhost:" + OAUTH_PORT + "/oauth/callback")
          .allEndpointsAt(google.baseUrl())
          .build();
    }
  }

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    google.stop();
  }

  static Browser browser() {
    if (browser == null) {
      browser = Browser.open("http://localhost:" + PORT);
    }
    return browser;
  }

  /** Logs the admin in when the page asks for it. */
  static void loginAs(Browser b, String path) {
    b.go(path);
    if (b.driver.getCurrentUrl().contains("/login")) {
      b.type(By.id("username"), "admin");
      b.type(By.id("password"), "admin");
      b.click(By.id("login"));
      b.go(path);
    }
  }

  @Test
  void aBranchConnectsGoogleThroughAOneTimeLinkEndingOnConectado() {
    google.stubFor(
        get(urlPathEqualTo("/o/oauth2/auth"))
            .willReturn(
                ok().withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody(
                        "<html><body><h1>Google (WireMock)</h1><p>Clínica Andes quiere ver y"
                            + " editar los eventos de su calendario.</p><a id=\"allow\""
                            + " href=\"{{request.query.redirect_uri}}?code=demo-code&amp;state="
                            + "{{request.query.state}}\">Permitir</a></body></html>")));
    google.stubFor(
        post(urlPathEqualTo("/token"))
            .withRequestBody(containing("code=demo-code"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"ya29.demo\",\"expires_in\":3599,"
                        + "\"refresh_token\":\"1//demo-refresh\",\"token_type\":\"Bearer\","
                        + "\"scope\":\"openid email "
                        + GoogleConfig.SCOPE_EVENTS
                        + " "
                        + GoogleConfig.SCOPE_FREEBUSY
                        + "\"}")));
    google.stubFor(
        get(urlPathEqualTo("/calendar/v3/calendars/primary"))
            .willReturn(okJson("{\"id\":\"providencia@clinica-andes.cl\"}")));
    Browser b = browser();

    loginAs(b, "/admin/connections");
    assertThat(b.find(By.id("connections")).getText())
        .contains("Providencia")
        .contains("No conectado");
    b.click(By.id("connect-providencia-google"));
    String link = b.find(By.id("link")).getText();
    assertThat(link).startsWith("http://localhost:" + PORT + "/cita/oauth/google/start?link=");
    assertThat(b.find(By.id("whatsapp")).getAttribute("href")).startsWith("https://wa.me/?text=");
    b.screenshot("connect", 1280, 720);

    // The business opens the link, continues, consents at "Google" and comes back.
    b.driver.get(link);
    b.click(By.cssSelector("a.button"));
    b.click(By.id("allow"));
    String outcome = b.find(By.id("outcome")).getText();
    assertThat(b.driver.getCurrentUrl())
        .startsWith("http://localhost:" + OAUTH_PORT + "/conectado");
    assertThat(outcome).contains("Conectado").contains("Google").contains("Providencia");
    google.verify(postRequestedFor(urlPathEqualTo("/token")));

    // The link was used up; the admin sees the branch connected.
    b.driver.get(link);
    assertThat(b.find(By.tagName("body")).getText()).containsIgnoringCase("usado");
    loginAs(b, "/admin/connections");
    String row =
        b.find(By.xpath("//table[@id='connections']//tr[td[1]='Providencia' and td[2]='Google']"))
            .getText();
    assertThat(row).contains("Conectado");
  }

  @Test
  void anAdminOpensABranchACustomerBooksByChatTheAdminCancelsAndTheCustomerIsTold() {
    Browser b = browser();

    // The admin pages ask for a login first.
    loginAs(b, "/admin/branches");
    b.find(By.id("new-branch"));

    // A new branch, open Monday to Saturday 10:00-19:00, with a professional for consultations.
    b.type(By.id("name"), "Las Condes");
    b.type(By.id("address"), "Av. Apoquindo 4500, Las Condes");
    WebElement saturday = b.find(By.cssSelector("input[name=days][value=SATURDAY]"));
    if (!saturday.isSelected()) {
      saturday.click();
    }
    b.driver.executeScript(
        "document.getElementById('opens').value='10:00';"
            + "document.getElementById('closes').value='19:00';");
    b.click(By.id("save-branch"));
    String branches = b.find(By.id("branches")).getText();
    assertThat(branches).contains("Las Condes").contains("10:00–19:00").contains("Sáb");

    b.go("/admin/professionals");
    b.type(By.id("name"), "Dra. Carla Vega");
    b.find(By.cssSelector("#branch option[value=las-condes]")).click();
    b.find(By.cssSelector("input[name=services][value=consulta-general]")).click();
    b.click(By.cssSelector("form.card button[type=submit]"));
    assertThat(b.find(By.tagName("table")).getText()).contains("Dra. Carla Vega", "Las Condes");

    // A customer books through the chat, in Spanish.
    b.go("/chat");
    b.type(By.id("name"), "María Pérez");
    b.type(By.id("phone"), "+56911112222");
    b.click(By.id("start"));
    say(b, "Hola, quiero una consulta general en Las Condes mañana a las 10");
    String offer = lastReply(b, 2);
    assertThat(offer).contains("10:00").contains("Las Condes").contains("sí");
    say(b, "sí");
    String booked = lastReply(b, 4);
    assertThat(booked).contains("reservada").contains("10:00").contains("Dra. Carla Vega");
    b.awaitText("/chat", "quedó agendada");

    // Other appointments of the week, so the calendar shows its colours.
    Appointment other = book("Jorge Díaz", "+56933334444", "2026-12-09T11:00");
    bookings.confirm(other.tenant(), other.id());
    book("Ana Torres", "+56955556666", "2026-12-10T16:30");
    Appointment moved = book("Pedro Soto", "+56977778888", "2026-12-11T12:00");
    bookings.reschedule(
        moved.tenant(),
        moved.id(),
        LocalDateTime.parse("2026-12-11T15:00").atZone(ClinicAgenda.ZONE).toInstant());

    // The admin sees it in the week of the branch, and cancels it.
    String week = b.awaitText("/admin/week?branch=las-condes", "María Pérez");
    assertThat(week).contains("10:00–10:30").contains("Agendada").contains("Dra. Carla Vega");
    WebElement card =
        b.find(By.xpath("//div[contains(@class,'appt')][.//div[text()='María Pérez']]"));
    card.findElement(By.cssSelector("button.cancel")).click();
    b.wait.until(ExpectedConditions.alertIsPresent()).accept();
    String afterCancel = b.find(By.id("week")).getText();
    assertThat(b.find(By.className("notice")).getText()).contains("cancelada");
    assertThat(afterCancel).contains("María Pérez").contains("Cancelada");
    b.screenshot("admin-week", 1280, 620);

    // The customer's chat shows the clinic's cancellation notice.
    String chat = b.awaitText("/chat", "cancelad");
    assertThat(chat.substring(chat.indexOf("quedó agendada"))).contains("cancelad");
    b.screenshot("chat", 430, 900);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Appointment book(String name, String phone, String localStart) {
    return bookings.book(
        BookingRequest.builder(
                TenantId.of("las-condes"),
                ResourceId.of("dra-carla-vega"),
                AppointmentTypeId.of("consulta-general"),
                LocalDateTime.parse(localStart).atZone(ClinicAgenda.ZONE).toInstant(),
                Attendee.builder(name).phone(phone).build())
            .build());
  }

  private static void say(Browser b, String text) {
    b.type(By.id("text"), text);
    b.click(By.id("send"));
  }

  /** The text of the chat's last bubble once it has {@code count} of them. */
  private static String lastReply(Browser b, int count) {
    b.wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".bubble"), count - 1));
    var bubbles = b.driver.findElements(By.cssSelector(".bubble"));
    return bubbles.get(bubbles.size() - 1).getText();
  }
}
