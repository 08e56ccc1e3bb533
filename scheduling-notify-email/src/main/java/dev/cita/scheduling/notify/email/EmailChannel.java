package dev.cita.scheduling.notify.email;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.CalendarEvent;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notices by e-mail over SMTP (Jakarta Mail, Angus Mail). Each e-mail has a plain-text and an
 * HTML part (every value HTML-escaped) in the message's language ({@code es} or {@code en}), and a
 * notice about an appointment ({@link OutgoingMessage#event()}) carries an iCalendar invitation:
 * {@code METHOD:REQUEST} for a booked or moved appointment, {@code METHOD:CANCEL} for a cancelled
 * one, with the same UID for every notice about one appointment and its version as SEQUENCE.
 *
 * <pre>{@code
 * EmailChannel email = EmailChannel.builder()
 *     .host("smtp.example.com").port(587).security(EmailChannel.Security.STARTTLS)
 *     .credentials("apikey", secret)
 *     .from("citas@example.com", "Clínica Central")
 *     .build();
 * }</pre>
 *
 * <p>A server that cannot be reached, times out or rejects the message gives {@link
 * SendResult#refused}, so a reminder is tried again later; the reason never holds the credentials.
 * The Message-ID is derived from {@link OutgoingMessage#idempotencyKey()}, so a notice sent twice
 * after an unknown outcome carries the same id. Thread-safe.
 */
public final class EmailChannel implements NotificationChannel {
  private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

  /** How the connection to the SMTP server is protected. */
  public enum Security {
    /** Plain SMTP, upgraded with STARTTLS, which is required (usually port 587). */
    STARTTLS,
    /** TLS from the first byte, "SMTPS" (usually port 465). */
    SSL,
    /** No encryption: only for a local relay or a test server. */
    NONE
  }

  private final Session session;
  private final InternetAddress from;
  private final @Nullable String password;
  private final Clock clock;
  private final String description;

  private EmailChannel(Builder b) {
    if (b.host == null || b.host.isBlank()) {
      throw new ValidationException("email.host", "is required");
    }
    if (b.port < 1 || b.port > 65535) {
      throw new ValidationException("email.port", "must be between 1 and 65535");
    }
    if (b.from == null) {
      throw new ValidationException("email.from", "is required");
    }
    this.from = b.from;
    this.password = b.password;
    this.clock = b.clock;
    // Property names: Angus Mail's SMTP provider documentation (package
    // org.eclipse.angus.mail.smtp).
    Properties p = new Properties();
    String prefix = b.security == Security.SSL ? "mail.smtps." : "mail.smtp.";
    p.put("mail.transport.protocol", b.security == Security.SSL ? "smtps" : "smtp");
    p.put(prefix + "host", b.host);
    p.put(prefix + "port", Integer.toString(b.port));
    p.put(prefix + "connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
    p.put(prefix + "timeout", Long.toString(b.readTimeout.toMillis()));
    p.put(prefix + "writetimeout", Long.toString(b.writeTimeout.toMillis()));
    p.put(prefix + "auth", Boolean.toString(b.username != null));
    if (b.security == Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (b.security != Security.NONE) {
      p.put(prefix + "ssl.checkserveridentity", "true");
    }
    String user = b.username;
    String pass = b.password;
    this.session =
        Session.getInstance(
            p,
            user == null || pass == null
                ? null
                : new Authenticator() {
                  @Override
                  protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, pass);
                  }
                });
    this.description =
        "EmailChannel{" + b.security + " " + b.host + ":" + b.port + ", from=" + from + "}";
  }

  /** {@return a builder; host and from address are required} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "email";
  }

  @Override
  public AddressKind addressKind() {
    return AddressKind.EMAIL;
  }

  @Override
  public SendResult send(OutgoingMessage message) {
    InternetAddress to;
    try {
      to = new InternetAddress(message.address(), true);
    } catch (AddressException e) {
      return SendResult.refused("invalid recipient address");
    }
    String messageId = "<" + Invitation.sha256Hex(message.idempotencyKey(), 20) + "@cita>";
    try {
      MimeMessage mime = compose(message, to, messageId);
      Transport.send(mime);
      return SendResult.accepted(messageId);
    } catch (MessagingException e) {
      String reason = "SMTP: " + redact(e);
      log.warn("e-mail {} not sent: {}", message, reason);
      return SendResult.refused(reason);
    }
  }

  private MimeMessage compose(OutgoingMessage message, InternetAddress to, String messageId)
      throws MessagingException {
    MimeMessage mime =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    mime.setFrom(from);
    mime.setRecipient(Message.RecipientType.TO, to);
    mime.setSubject(EmailTexts.subject(message), "UTF-8");
    mime.setSentDate(java.util.Date.from(clock.instant()));

    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(EmailTexts.plain(message), "UTF-8");
    alternative.addBodyPart(text);
    MimeBodyPart html = new MimeBodyPart();
    html.setText(EmailTexts.html(message), "UTF-8", "html");
    alternative.addBodyPart(html);

    CalendarEvent event = message.event().orElse(null);
    if (event == null) {
      mime.setContent(alternative);
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart body = new MimeBodyPart();
      body.setContent(alternative);
      mixed.addBodyPart(body);
      MimeBodyPart ics = new MimeBodyPart();
      String method = event.cancelled() ? "CANCEL" : "REQUEST";
      ics.setContent(
          Invitation.ics(event, from.getAddress(), to.getAddress(), clock.instant()),
          "text/calendar; charset=UTF-8; method=" + method);
      ics.setFileName(event.cancelled() ? "cancel.ics" : "invite.ics");
      mixed.addBodyPart(ics);
      mime.setContent(mixed);
    }
    mime.saveChanges();
    return mime;
  }

  /** The exception's messages, without the password should a server ever echo it. */
  private String redact(MessagingException e) {
    StringBuilder s = new StringBuilder();
    Throwable t = e;
    while (t != null && s.length() < 500) {
      if (s.length() > 0) {
        s.append(": ");
      }
      s.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        s.append(' ').append(t.getMessage().strip());
      }
      t = t.getCause();
    }
    String out = s.toString();
    String secret = password;
    return secret == null || secret.isEmpty() ? out : out.replace(secret, "***");
  }

  /** {@return the server and sender; never the credentials} */
  @Override
  public String toString() {
    return description;
  }

  /** Configures an {@link EmailChannel}; {@link #build()} checks it. */
  public static final class Builder {
    private @Nullable String host;
    private int port = 587;
    private Security security = Security.STARTTLS;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable InternetAddress from;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The SMTP server's host name (required).
     *
     * @param host the host, such as {@code smtp.example.com}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * The SMTP server's port; default 587.
     *
     * @param port the port, 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * How the connection is protected; default {@link Security#STARTTLS}.
     *
     * @param security STARTTLS, SSL or NONE
     * @return this builder
     * @throws ValidationException if it is null
     */
    public Builder security(Security security) {
      if (security == null) {
        throw new ValidationException("email.security", "is required");
      }
      this.security = security;
      return this;
    }

    /**
     * Log in with these credentials; none by default. They are never logged nor shown.
     *
     * @param username the user name
     * @param password the password or API key
     * @return this builder
     * @throws ValidationException if either is blank
     */
    public Builder credentials(String username, String password) {
      if (username == null || username.isBlank()) {
        throw new ValidationException("email.username", "must not be blank");
      }
      if (password == null || password.isEmpty()) {
        throw new ValidationException("email.password", "must not be empty");
      }
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * The sender (required).
     *
     * @param address the sender's e-mail address
     * @param displayName the name shown, such as the business's
     * @return this builder
     * @throws ValidationException if the address is not a valid e-mail address
     */
    public Builder from(String address, String displayName) {
      try {
        InternetAddress a = new InternetAddress(address, true);
        a.setPersonal(EmailTexts.oneLine(displayName), "UTF-8");
        this.from = a;
      } catch (AddressException | java.io.UnsupportedEncodingException | RuntimeException e) {
        throw new ValidationException("email.from", "is not a valid e-mail address");
      }
      return this;
    }

    /**
     * How long to wait for the connection; default 10 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws ValidationException if not positive
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "email.connectTimeout");
      return this;
    }

    /**
     * How long to wait for each answer of the server; default 30 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws ValidationException if not positive
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "email.readTimeout");
      return this;
    }

    /**
     * How long a write to the server may block; default 30 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws ValidationException if not positive
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "email.writeTimeout");
      return this;
    }

    /**
     * The clock for the Date header and the invitation's DTSTAMP; default the system's UTC clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException if it is null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new ValidationException("email.clock", "is required");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the channel.
     *
     * @return the channel
     * @throws ValidationException if the host or sender is missing or the port is out of range
     */
    public EmailChannel build() {
      return new EmailChannel(this);
    }

    private static Duration positive(Duration d, String field) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ValidationException(field, "must be positive");
      }
      return d;
    }
  }
}
