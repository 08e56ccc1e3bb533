package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaffRecipientsTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final ResourceId LUIS = ResourceId.of("dr-luis");

  private static final StaffMember OWNER =
      StaffMember.builder(NORTE, "owner", StaffRole.OWNER)
          .address("email", "owner@norte.cl")
          .address("push", "player-owner")
          .build();
  private static final StaffMember ADMIN_NO_CANCEL =
      StaffMember.builder(NORTE, "admin", StaffRole.ADMIN)
          .address("email", "admin@norte.cl")
          .kinds(MessageKind.CONFIRMATION, MessageKind.RESCHEDULE)
          .build();
  private static final StaffMember AGENT_ANA =
      StaffMember.builder(NORTE, "ana", StaffRole.AGENT)
          .resource(ANA)
          .address("whatsapp", "+56911112222")
          .build();
  private static final StaffMember OWNER_SAME_EMAIL =
      StaffMember.builder(NORTE, "owner-2", StaffRole.ADMIN)
          .address("email", "Owner@Norte.cl")
          .build();
  private static final StaffMember OTHER_TENANT =
      StaffMember.builder(SUR, "sur-owner", StaffRole.OWNER)
          .address("email", "owner@sur.cl")
          .build();

  private static final NotificationPreferences PLAIN = NotificationPreferences.defaults();
  private static final NotificationPreferences CALCOM_EMAILS =
      NotificationPreferences.builder().providerNotifiesStaff("calcom", "email").build();

  private static StaffRecipients.Event event(ResourceId resource, MessageKind kind) {
    return new StaffRecipients.Event(NORTE, AppointmentId.of("a-1"), 3, resource, kind, null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "owner only",
            List.of(OWNER),
            PLAIN,
            event(LUIS, MessageKind.CONFIRMATION),
            List.of("owner/email", "owner/push")),
        Arguments.of(
            "Cal.com already e-mails: no e-mail for its bookings, push still",
            List.of(OWNER),
            CALCOM_EMAILS,
            event(LUIS, MessageKind.CONFIRMATION).fromProvider("calcom"),
            List.of("owner/push")),
        Arguments.of(
            "Cal.com e-mails do not suppress bookings made in Cita",
            List.of(OWNER),
            CALCOM_EMAILS,
            event(LUIS, MessageKind.CONFIRMATION),
            List.of("owner/email", "owner/push")),
        Arguments.of(
            "Cal.com e-mails do not suppress Calendly bookings",
            List.of(OWNER),
            CALCOM_EMAILS,
            event(LUIS, MessageKind.CONFIRMATION).fromProvider("calendly"),
            List.of("owner/email", "owner/push")),
        Arguments.of(
            "per-kind opt-out: admin skips cancellations",
            List.of(OWNER, ADMIN_NO_CANCEL),
            PLAIN,
            event(LUIS, MessageKind.CANCELLATION),
            List.of("owner/email", "owner/push")),
        Arguments.of(
            "per-kind opt-in: admin hears about reschedules",
            List.of(ADMIN_NO_CANCEL),
            PLAIN,
            event(LUIS, MessageKind.RESCHEDULE),
            List.of("admin/email")),
        Arguments.of(
            "reminders are off unless opted into",
            List.of(OWNER, AGENT_ANA),
            PLAIN,
            event(ANA, MessageKind.REMINDER),
            List.of()),
        Arguments.of(
            "no-shows only to those who opted in",
            List.of(
                OWNER, AGENT_ANA.toBuilder().kinds(MessageKind.NO_SHOW).build(), ADMIN_NO_CANCEL),
            PLAIN,
            event(ANA, MessageKind.NO_SHOW),
            List.of("ana/whatsapp")),
        Arguments.of(
            "agent hears about their own resource",
            List.of(AGENT_ANA),
            PLAIN,
            event(ANA, MessageKind.CONFIRMATION),
            List.of("ana/whatsapp")),
        Arguments.of(
            "agent does not hear about another resource",
            List.of(AGENT_ANA),
            PLAIN,
            event(LUIS, MessageKind.CONFIRMATION),
            List.of()),
        Arguments.of(
            "duplicates removed: same e-mail in two rows, same row twice",
            List.of(OWNER, OWNER_SAME_EMAIL, OWNER),
            PLAIN,
            event(LUIS, MessageKind.CONFIRMATION),
            List.of("owner/email", "owner/push")),
        Arguments.of(
            "other tenants' members are ignored",
            List.of(OTHER_TENANT),
            PLAIN,
            event(LUIS, MessageKind.CONFIRMATION),
            List.of()),
        Arguments.of(
            "tenant channel list leaves out unlisted channels",
            List.of(OWNER, AGENT_ANA),
            NotificationPreferences.builder().channels("push", "whatsapp").build(),
            event(ANA, MessageKind.CONFIRMATION),
            List.of("owner/push", "ana/whatsapp")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides_who_hears_on_which_channel(
      String name,
      List<StaffMember> staff,
      NotificationPreferences prefs,
      StaffRecipients.Event event,
      List<String> expected) {
    List<String> got =
        StaffRecipients.resolve(event, staff, prefs).stream()
            .map(d -> d.member().id() + "/" + d.channel())
            .toList();
    assertThat(got).containsExactlyElementsOf(expected);
  }

  @Test
  void delivery_keys_name_appointment_version_kind_channel_and_member() {
    List<StaffRecipients.Delivery> got =
        StaffRecipients.resolve(event(LUIS, MessageKind.CONFIRMATION), List.of(OWNER), PLAIN);
    assertThat(got)
        .extracting(StaffRecipients.Delivery::key)
        .containsExactly(
            "staff:a-1:3:CONFIRMATION:email:owner", "staff:a-1:3:CONFIRMATION:push:owner");
    assertThat(got.get(0).address()).isEqualTo("owner@norte.cl");
    assertThat(got.get(0).toString()).doesNotContain("owner@norte.cl");
  }

  @Test
  void only_agents_have_resources() {
    assertThatThrownBy(
            () -> StaffMember.builder(NORTE, "owner", StaffRole.OWNER).resource(ANA).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("resources"));
  }

  @Test
  void preferences_keep_provider_staff_channels_through_to_builder() {
    NotificationPreferences copy = CALCOM_EMAILS.toBuilder().build();
    assertThat(copy).isEqualTo(CALCOM_EMAILS);
    assertThat(copy.staffChannelsNotifiedBy("calcom")).containsExactly("email");
    assertThat(copy.staffChannelsNotifiedBy("calendly")).isEmpty();
    assertThat(CALCOM_EMAILS.toBuilder().providerNotifiesStaff("calcom").build()).isEqualTo(PLAIN);
  }
}
