package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One message to one recipient through one channel. It carries both the rendered text and the
 * template key with its ordered variables, so a WhatsApp channel can send a pre-approved template
 * (required outside the 24-hour customer-service window) while an e-mail or SMS channel sends the
 * text. Immutable; {@link #toString()} masks the address.
 *
 * <p>{@link #idempotencyKey()} is the same every time the same notice is sent again (a reminder
 * retried after a crash, for example); a channel whose provider de-duplicates by key should pass it
 * on.
 */
public final class OutgoingMessage {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final TenantId tenant;
  private final AppointmentId appointmentId;
  private final RecipientKind recipientKind;
  private final AddressKind addressKind;
  private final String address;
  private final Locale locale;
  private final MessageKind kind;
  private final String templateKey;
  private final List<String> templateVariables;
  private final String text;
  private final String idempotencyKey;
  private final @Nullable CalendarEvent event;

  private OutgoingMessage(Builder b) {
    this.tenant = Checks.notNull(b.tenant, "message.tenant");
    this.appointmentId = Checks.notNull(b.appointmentId, "message.appointmentId");
    this.recipientKind = Checks.notNull(b.recipientKind, "message.recipientKind");
    this.addressKind = Checks.notNull(b.addressKind, "message.addressKind");
    this.address = Checks.notBlank(b.address, "message.address");
    if (addressKind == AddressKind.PHONE && !E164.matcher(address).matches()) {
      throw new ValidationException(
          "message.address", "must be an E.164 phone such as +56912345678");
    }
    if (addressKind == AddressKind.EMAIL && address.indexOf('@') <= 0) {
      throw new ValidationException("message.address", "is not an e-mail address");
    }
    this.locale = Checks.notNull(b.locale, "message.locale");
    this.kind = Checks.notNull(b.kind, "message.kind");
    this.templateKey = Checks.notBlank(b.templateKey, "message.templateKey");
    Checks.notNull(b.templateVariables, "message.templateVariables");
    for (int i = 0; i < b.templateVariables.size(); i++) {
      Checks.notNull(b.templateVariables.get(i), "message.templateVariables[" + i + "]");
    }
    this.templateVariables = List.copyOf(b.templateVariables);
    this.text = Checks.notBlank(b.text, "message.text");
    this.idempotencyKey = Checks.notBlank(b.idempotencyKey, "message.idempotencyKey");
    this.event = b.event;
  }

  /** {@return an empty builder} Every field but the template variables is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the tenant the appointment belongs to} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the appointment the message is about} */
  public AppointmentId appointmentId() {
    return appointmentId;
  }

  /** {@return who the message is for: the customer, the agent or the owner} */
  public RecipientKind recipientKind() {
    return recipientKind;
  }

  /** {@return whether {@link #address()} is a phone or an e-mail address} */
  public AddressKind addressKind() {
    return addressKind;
  }

  /** {@return the phone (E.164) or e-mail address to deliver to} */
  public String address() {
    return address;
  }

  /**
   * {@return the language the text is in ({@code es} or {@code en} with the standard templates)}
   */
  public Locale locale() {
    return locale;
  }

  /** {@return which notice this is} */
  public MessageKind kind() {
    return kind;
  }

  /** {@return the template this text was rendered from, such as {@code reminder_customer}} */
  public String templateKey() {
    return templateKey;
  }

  /**
   * {@return the template's variables in order ({@code {{1}}}, {@code {{2}}}, … in a WhatsApp
   * template)}
   */
  public List<String> templateVariables() {
    return templateVariables;
  }

  /** {@return the rendered text, for channels that send free text} */
  public String text() {
    return text;
  }

  /**
   * {@return a key that is stable across re-sends of the same notice} It never contains the
   * address.
   */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * {@return the appointment as a calendar event, for channels that attach an invitation; present
   * on confirmation, reschedule and cancellation notices built by {@link BookingNotifier}}
   */
  public Optional<CalendarEvent> event() {
    return Optional.ofNullable(event);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutgoingMessage)) {
      return false;
    }
    OutgoingMessage m = (OutgoingMessage) o;
    return tenant.equals(m.tenant)
        && appointmentId.equals(m.appointmentId)
        && recipientKind == m.recipientKind
        && addressKind == m.addressKind
        && address.equals(m.address)
        && locale.equals(m.locale)
        && kind == m.kind
        && templateKey.equals(m.templateKey)
        && templateVariables.equals(m.templateVariables)
        && text.equals(m.text)
        && idempotencyKey.equals(m.idempotencyKey)
        && Objects.equals(event, m.event);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, appointmentId, recipientKind, address, kind, idempotencyKey);
  }

  @Override
  public String toString() {
    return "OutgoingMessage{"
        + kind
        + " to "
        + recipientKind
        + " "
        + Redaction.address(addressKind, address)
        + ", tenant="
        + tenant
        + ", appointment="
        + appointmentId
        + ", template="
        + templateKey
        + ", locale="
        + locale.toLanguageTag()
        + ", key="
        + idempotencyKey
        + "}";
  }

  /** Collects the fields of an {@link OutgoingMessage}; {@link #build()} validates them. */
  public static final class Builder {
    private @Nullable TenantId tenant;
    private @Nullable AppointmentId appointmentId;
    private @Nullable RecipientKind recipientKind;
    private @Nullable AddressKind addressKind;
    private @Nullable String address;
    private @Nullable Locale locale;
    private @Nullable MessageKind kind;
    private @Nullable String templateKey;
    private List<String> templateVariables = List.of();
    private @Nullable String text;
    private @Nullable String idempotencyKey;
    private @Nullable CalendarEvent event;

    private Builder() {}

    /**
     * Sets the tenant (required).
     *
     * @param tenant the tenant
     * @return this builder
     */
    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the appointment the message is about (required).
     *
     * @param appointmentId the appointment's id
     * @return this builder
     */
    public Builder appointmentId(AppointmentId appointmentId) {
      this.appointmentId = appointmentId;
      return this;
    }

    /**
     * Sets who receives the message and where (required).
     *
     * @param kind the recipient: customer, agent or owner
     * @param addressKind whether the address is a phone or an e-mail address
     * @param address an E.164 phone or an e-mail address, matching {@code addressKind}
     * @return this builder
     */
    public Builder recipient(RecipientKind kind, AddressKind addressKind, String address) {
      this.recipientKind = kind;
      this.addressKind = addressKind;
      this.address = address;
      return this;
    }

    /**
     * Sets the language the text is in (required; {@link #content} sets it too).
     *
     * @param locale the language
     * @return this builder
     */
    public Builder locale(Locale locale) {
      this.locale = locale;
      return this;
    }

    /**
     * Sets which notice this is (required).
     *
     * @param kind the notice
     * @return this builder
     */
    public Builder kind(MessageKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * The rendered template: key, variables and text.
     *
     * @param rendered the output of {@link MessageTemplates#render}; also sets the locale
     * @return this builder
     */
    public Builder content(RenderedMessage rendered) {
      Checks.notNull(rendered, "message.content");
      this.templateKey = rendered.templateKey();
      this.templateVariables = rendered.variables();
      this.text = rendered.text();
      this.locale = rendered.locale();
      return this;
    }

    /**
     * Sets the template's key (required; {@link #content} sets it too).
     *
     * @param templateKey the key, such as {@code reminder_customer}
     * @return this builder
     */
    public Builder templateKey(String templateKey) {
      this.templateKey = templateKey;
      return this;
    }

    /**
     * Sets the template's variables in order; none by default.
     *
     * @param templateVariables the values, none null
     * @return this builder
     */
    public Builder templateVariables(List<String> templateVariables) {
      this.templateVariables = templateVariables;
      return this;
    }

    /**
     * Sets the rendered text (required; {@link #content} sets it too).
     *
     * @param text the text
     * @return this builder
     */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /**
     * Sets the key that stays the same when this notice is sent again (required).
     *
     * @param idempotencyKey the key; it must not contain the address
     * @return this builder
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Sets the appointment as a calendar event; none by default.
     *
     * @param event the event, or null for none
     * @return this builder
     */
    public Builder event(@Nullable CalendarEvent event) {
      this.event = event;
      return this;
    }

    /**
     * Validates the fields and builds the message.
     *
     * @return the message
     * @throws dev.cita.scheduling.ValidationException naming the first missing or invalid field,
     *     such as an address that does not match its kind
     */
    public OutgoingMessage build() {
      return new OutgoingMessage(this);
    }
  }
}
