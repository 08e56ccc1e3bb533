package dev.cita.examples.clinic;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo's own settings ({@code clinic.*}); Cita's are under {@code cita.*}. */
@ConfigurationProperties("clinic")
public class ClinicProperties {
  /** Login of the bootstrap admin. */
  private String adminUsername = "admin";

  /** Password of the bootstrap admin; set your own outside a demo. */
  private String adminPassword = "admin";

  /** Tenant of the chat number (the WhatsApp number and the web chat of the whole chain). */
  private String chatTenant = "clinica-andes";

  /** When set, the clock starts at this instant and runs on from there (demos and tests). */
  private Instant clockStart;

  /** Host in the OAuth redirect URI the providers send the business back to. */
  private String oauthRedirectHost = "localhost";

  /** Port of the OAuth redirect URI; the app also listens there. 0 or less turns that off. */
  private int oauthRedirectPort = 60000;

  /** Path of the OAuth redirect URI. */
  private String oauthRedirectPath = "/oauth/callback";

  /**
   * Where the demo keeps its token keyset when {@code cita.tokens.keyset} is not set (cleartext: a
   * demo only).
   */
  private String keysetFile = "./clinic-data/token-keyset.json";

  /** Twilio account SID; with the auth token it turns on the real WhatsApp webhook. */
  private String twilioAccountSid = "";

  /** Twilio auth token (a secret: never logged). */
  private String twilioAuthToken = "";

  /** Twilio WhatsApp sender, such as {@code whatsapp:+14155238886}. */
  private String twilioFrom = "";

  /** Twilio's API root; empty for Twilio's own (tests point it at a stand-in). */
  private String twilioBaseUrl = "";

  /**
   * Approved WhatsApp templates by Cita's template key ({@code ContentSid}s, {@code HX…}): with
   * them Cita's notices go out on WhatsApp too, as a template outside the customer's 24-hour
   * window.
   */
  private Map<String, String> twilioTemplates = new LinkedHashMap<>();

  public String getAdminUsername() {
    return adminUsername;
  }

  public void setAdminUsername(String adminUsername) {
    this.adminUsername = adminUsername;
  }

  public String getAdminPassword() {
    return adminPassword;
  }

  public void setAdminPassword(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  public String getChatTenant() {
    return chatTenant;
  }

  public void setChatTenant(String chatTenant) {
    this.chatTenant = chatTenant;
  }

  public Instant getClockStart() {
    return clockStart;
  }

  public void setClockStart(Instant clockStart) {
    this.clockStart = clockStart;
  }

  public String getOauthRedirectHost() {
    return oauthRedirectHost;
  }

  public void setOauthRedirectHost(String oauthRedirectHost) {
    this.oauthRedirectHost = oauthRedirectHost;
  }

  public int getOauthRedirectPort() {
    return oauthRedirectPort;
  }

  public void setOauthRedirectPort(int oauthRedirectPort) {
    this.oauthRedirectPort = oauthRedirectPort;
  }

  public String getOauthRedirectPath() {
    return oauthRedirectPath;
  }

  public void setOauthRedirectPath(String oauthRedirectPath) {
    this.oauthRedirectPath = oauthRedirectPath;
  }

  public String getKeysetFile() {
    return keysetFile;
  }

  public void setKeysetFile(String keysetFile) {
    this.keysetFile = keysetFile;
  }

  public String getTwilioAccountSid() {
    return twilioAccountSid;
  }

  public void setTwilioAccountSid(String twilioAccountSid) {
    this.twilioAccountSid = twilioAccountSid;
  }

  public String getTwilioAuthToken() {
    return twilioAuthToken;
  }

  public void setTwilioAuthToken(String twilioAuthToken) {
    this.twilioAuthToken = twilioAuthToken;
  }

  public String getTwilioBaseUrl() {
    return twilioBaseUrl;
  }

  public void setTwilioBaseUrl(String twilioBaseUrl) {
    this.twilioBaseUrl = twilioBaseUrl;
  }

  public Map<String, String> getTwilioTemplates() {
    return twilioTemplates;
  }

  public void setTwilioTemplates(Map<String, String> twilioTemplates) {
    this.twilioTemplates = twilioTemplates;
  }

  public String getTwilioFrom() {
    return twilioFrom;
  }

  public void setTwilioFrom(String twilioFrom) {
    this.twilioFrom = twilioFrom;
  }
}
