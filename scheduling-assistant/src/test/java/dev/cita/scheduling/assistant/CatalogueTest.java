package dev.cita.scheduling.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** {@link Catalogue}: what it refuses, what a message names, which offerings fit. */
class CatalogueTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final AppointmentTypeId KINE = AppointmentTypeId.of("kinesiologia");
  private static final AppointmentTypeId GENERAL = AppointmentTypeId.of("consulta-general");
  private static final AppointmentTypeId CONTROL = AppointmentTypeId.of("consulta-control");
  private static final ResourceId VALE = ResourceId.of("valentina");
  private static final ResourceId PEDRO = ResourceId.of("pedro");

  private static Catalogue clinic() {
    return Catalogue.builder()
        .branch(Branch.of("providencia", "Providencia", TenantId.of("prov"), SANTIAGO, "provi"))
        .branch(Branch.of("nunoa", "Ñuñoa", TenantId.of("nunoa"), SANTIAGO))
        .service(Service.of(KINE, "Kinesiología", "kine"))
        .service(Service.of(GENERAL, "Consulta general", "consulta"))
        .service(Service.of(CONTROL, "Consulta de control", "control"))
        .professional(Professional.of(VALE, "Valentina Soto", "Vale"))
        .professional(Professional.of(PEDRO, "Pedro Díaz"))
        .offers("providencia", KINE, VALE, PEDRO)
        .offers("nunoa", KINE, PEDRO)
        .offers("nunoa", GENERAL, PEDRO)
        .assignment(AssignmentRule.FEWEST_THAT_DAY)
        .build();
  }

  @Test
  void aMessageNamesEntriesByNameOrAliasWithoutCaseOrAccents() {
    Catalogue c = clinic();

    assertThat(c.servicesNamedIn("quiero KINE con la vale en nunoa"))
        .extracting(Service::type)
        .containsExactly(KINE);
    assertThat(c.professionalsNamedIn("quiero kine con la Vale"))
        .extracting(Professional::resource)
        .containsExactly(VALE);
    assertThat(c.branchesNamedIn("en Ñuñoa por favor"))
        .extracting(Branch::id)
        .containsExactly("nunoa");
    assertThat(c.branchesNamedIn("en provi")).extracting(Branch::id).containsExactly("providencia");
    assertThat(c.servicesNamedIn("kinesiologia")).extracting(Service::type).containsExactly(KINE);
  }

  @Test
  void onlyWholeWordsCountAndALongerNameWins() {
    Catalogue c = clinic();

    assertThat(c.professionalsNamedIn("valentia y valeria")).isEmpty();
    assertThat(c.servicesNamedIn("una consulta general"))
        .as("'consulta' inside 'consulta general' does not count on its own")
        .extracting(Service::type)
        .containsExactly(GENERAL);
    assertThat(c.servicesNamedIn("una consulta de control"))
        .extracting(Service::type)
        .containsExactly(CONTROL);
    assertThat(c.servicesNamedIn("kine o control"))
        .extracting(Service::type)
        .containsExactly(KINE, CONTROL);
  }

  @Test
  void offeringsFitWhatIsChosenSoFar() {
    Catalogue c = clinic();

    assertThat(c.offerings(null, KINE, null)).hasSize(3);
    assertThat(c.offerings("nunoa", null, null))
        .extracting(Offering::service)
        .containsExactly(KINE, GENERAL);
    assertThat(c.offerings("nunoa", KINE, VALE)).isEmpty();
    assertThat(c.branchesOf(TenantId.of("prov")))
        .extracting(Branch::id)
        .containsExactly("providencia");
    assertThat(c.assignment()).isEqualTo(AssignmentRule.FEWEST_THAT_DAY);
    assertThat(c.service(GENERAL)).map(Service::name).contains("Consulta general");
    assertThat(c.professional(PEDRO)).map(Professional::name).contains("Pedro Díaz");
    assertThat(c.branch("nunoa")).map(Branch::name).contains("Ñuñoa");
  }

  @Test
  void offeringsMustNameEntriesAddedBeforeAndIdsAreUnique() {
    Catalogue.Builder b =
        Catalogue.builder()
            .branch(Branch.of("centro", "Centro", TenantId.of("t"), SANTIAGO))
            .service(Service.of(KINE, "Kine"))
            .professional(Professional.of(VALE, "Vale"));

    assertThatThrownBy(() -> b.offers("otra", KINE, VALE))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("catalogue.offerings"));
    assertThatThrownBy(() -> b.offers("centro", GENERAL, VALE))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> b.offers("centro", KINE, PEDRO))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> b.offers("centro", KINE)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> b.service(Service.of(KINE, "Otra")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("catalogue.services"));
    assertThatThrownBy(b::build)
        .as("nothing offered")
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("catalogue.offerings"));
  }

  @Test
  void namesAndAliasesMustBeReadable() {
    assertThatThrownBy(() -> Service.of(KINE, " "))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("service.name"));
    assertThatThrownBy(() -> Service.of(KINE, "Kine", "!!"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("service.aliases[0]"));
    assertThatThrownBy(() -> Professional.of(VALE, "Vale\u202eX"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("professional.name"));
    assertThatThrownBy(() -> Branch.of("x", "x".repeat(101), TenantId.of("t"), SANTIAGO))
        .isInstanceOf(ValidationException.class);
  }
}
