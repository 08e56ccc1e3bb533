package dev.cita.scheduling.assistant.tools;

import static dev.cita.scheduling.assistant.tools.ToolsFixture.CENTRO;
import static dev.cita.scheduling.assistant.tools.ToolsFixture.OTHER_PHONE;
import static dev.cita.scheduling.assistant.tools.ToolsFixture.PEDRO;
import static dev.cita.scheduling.assistant.tools.ToolsFixture.VALE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The look-up tools, and the strict reading of what a model sends them. */
class LookupToolsTest {
  private final ToolsFixture f = new ToolsFixture();

  @Test
  void listServicesProfessionalsAndBranchesShowTheCatalogue() {
    assertThat(f.tools.call(f.me, "list_services", "{}"))
        .isEqualTo(
            "{\"services\":[{\"id\":\"corte\",\"name\":\"Corte de pelo\"},"
                + "{\"id\":\"color\",\"name\":\"Color\"}]}");
    assertThat(texts(f.call("list_services", "{\"branch_id\":\"nunoa\"}").get("services"), "id"))
        .containsExactly("corte");
    JsonNode pros = f.call("list_professionals", "{\"service_id\":\"corte\"}").get("professionals");
    assertThat(texts(pros, "id")).containsExactly("valentina", "pedro", "ana");
    assertThat(pros.get(0).get("service_ids").toString()).isEqualTo("[\"corte\"]");
    assertThat(pros.get(2).get("branch_ids").toString()).isEqualTo("[\"nunoa\"]");
    assertThat(
            f.call("list_professionals", "{}")
                .get("professionals")
                .get(0)
                .get("service_ids")
                .toString())
        .isEqualTo("[\"corte\",\"color\"]");
    assertThat(f.tools.call(f.me, "list_branches", ""))
        .isEqualTo(
            "{\"branches\":[{\"id\":\"centro\",\"name\":\"Centro\",\"zone\":\"America/Santiago\"},"
                + "{\"id\":\"nunoa\",\"name\":\"Ñuñoa\",\"zone\":\"America/Santiago\"}]}");
  }

  @Test
  void slotsAreShownInTheBranchZoneWithTheirOffsetAndWhoIsFree() {
    f.books(CENTRO, VALE, "2026-03-03T09:00", OTHER_PHONE);

    JsonNode slots =
        f.call(
                "find_available_slots",
                "{\"service_id\":\"corte\",\"branch_id\":\"centro\",\"date_from\":\"2026-03-03\"}")
            .get("slots");

    assertThat(slots.get(0).toString())
        .isEqualTo(
            "{\"branch_id\":\"centro\",\"date\":\"2026-03-03\",\"time\":\"09:00\","
                + "\"start\":\"2026-03-03T09:00-03:00\",\"professional_ids\":[\"pedro\"]}");
    assertThat(slots.get(1).get("professional_ids").toString())
        .isEqualTo("[\"valentina\",\"pedro\"]");
    assertThat(slots).hasSize(8);
  }

  @Test
  void slotsOfAnyProfessionalCoverEveryBranchMergedByStartAndBounded() {
    JsonNode all =
        f.call(
            "find_available_slots",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"date_to\":\"2026-03-09\"}");

    assertThat(all.get("slots")).hasSize(BookingTools.MAX_SLOTS);
    assertThat(all.get("more").asBoolean()).isTrue();
    assertThat(texts(all.get("slots"), "branch_id").subList(0, 4))
        .containsExactly("centro", "nunoa", "centro", "nunoa");
    assertThat(texts(all.get("slots"), "start")).isSorted();

    JsonNode onePro =
        f.call(
            "find_available_slots",
            "{\"service_id\":\"corte\",\"professional_id\":\"pedro\","
                + "\"date_from\":\"2026-03-03\",\"part_of_day\":\"afternoon\"}");
    assertThat(texts(onePro.get("slots"), "time")).containsExactly("12:00", "12:30");
    assertThat(onePro.get("more").asBoolean()).isFalse();
    assertThat(
            f.call(
                    "find_available_slots",
                    "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"part_of_day\":\"evening\"}")
                .get("slots"))
        .isEmpty();
  }

  @Test
  void datesMustBeRealFromTodayAndAtMostSixtyDaysAheadAndAWeekLong() {
    assertThat(slotsError("\"date_from\":\"2026-03-01\""))
        .containsExactly("out_of_range", "date_from");
    assertThat(slotsError("\"date_from\":\"2036-03-03\""))
        .containsExactly("out_of_range", "date_from");
    assertThat(slotsError("\"date_from\":\"2026-05-02\""))
        .containsExactly("out_of_range", "date_from");
    assertThat(slotsError("\"date_from\":\"2026-02-30\""))
        .containsExactly("invalid_value", "date_from");
    assertThat(slotsError("\"date_from\":\"03/03/2026\""))
        .containsExactly("invalid_value", "date_from");
    assertThat(slotsError("\"date_from\":\"2026-03-05\",\"date_to\":\"2026-03-04\""))
        .containsExactly("out_of_range", "date_to");
    assertThat(slotsError("\"date_from\":\"2026-03-03\",\"date_to\":\"2026-03-10\""))
        .containsExactly("out_of_range", "date_to");
    assertThat(slotsError("\"date_from\":\"2026-03-02\"")).isEmpty();
    assertThat(slotsError("\"date_from\":\"2026-05-01\"")).isEmpty();
  }

  @Test
  void idsOutsideTheCatalogueAreNotFound() {
    assertThat(error("find_available_slots", "{\"service_id\":\"x\",\"date_from\":\"2026-03-03\"}"))
        .containsExactly("not_found", "service_id");
    assertThat(slotsError("\"date_from\":\"2026-03-03\",\"professional_id\":\"juan\""))
        .containsExactly("not_found", "professional_id");
    assertThat(slotsError("\"date_from\":\"2026-03-03\",\"branch_id\":\"providencia\""))
        .containsExactly("not_found", "branch_id");
    assertThat(
            slotsError(
                "\"date_from\":\"2026-03-03\",\"branch_id\":\"nunoa\",\"professional_id\":\"pedro\""))
        .containsExactly("not_offered", "");
    assertThat(error("list_services", "{\"branch_id\":\"salon-centro\"}"))
        .as("a tenant id is not a branch id")
        .containsExactly("not_found", "branch_id");
  }

  @Test
  void hostileArgumentsComeBackAsErrorsNeverAsExceptions() {
    List<String> hostile =
        List.of(
            "{\"service_id\":\"corte'; DROP TABLE appointments;--\",\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"corte\\\" OR 1=1 --\",\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"" + "a".repeat(101) + "\",\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"" + "a".repeat(100_000) + "\",\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"" + "k".repeat(500) + "\":1}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"phone\":\"+56987654321\"}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"tenant\":\"other-business\"}",
            "{\"service_id\":\"corte\",\"service_id\":\"color\",\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\"} {}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\"",
            "{'service_id':'corte'}",
            "[\"corte\",\"2026-03-03\"]",
            "null",
            "\"corte\"",
            "{\"service_id\":[\"corte\"],\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":{\"$ne\":null},\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":null,\"date_from\":\"2026-03-03\"}",
            "{\"service_id\":\"corte\",\"date_from\":20260303}",
            "{\"service_id\":\"corte\",\"date_from\":\"2026-03-03\",\"part_of_day\":\"night\"}",
            "{\"service_id\":\"corte\",\"date_from\":\"+999999999-12-31\"}",
            "[".repeat(5_000) + "]".repeat(5_000));
    for (String args : hostile) {
      String result = f.tools.call(f.me, "find_available_slots", args);
      assertThat(result)
          .as(args.length() > 200 ? args.substring(0, 200) : args)
          .contains("\"error\"");
      assertThat(result.length()).as("no echo of a huge input").isLessThan(400);
    }
    assertThat(error("drop_table", "{}")).containsExactly("unknown_tool", "name");
    assertThat(error("", "{}")).containsExactly("unknown_tool", "name");
    assertThat(error("find_available_slots", "{\"service_id\":\"corte\"}"))
        .containsExactly("missing_field", "date_from");
    assertThat(f.holding()).isEmpty();
  }

  @Test
  void aModelCannotReachAnotherTenantOrCustomerThroughArguments() {
    f.books(ToolsFixture.ELSEWHERE, PEDRO, "2026-03-03T10:00", ToolsFixture.PHONE);
    f.books(CENTRO, PEDRO, "2026-03-03T11:00", OTHER_PHONE);

    assertThat(f.call("list_my_appointments", "{}").get("appointments")).isEmpty();
    assertThat(error("list_my_appointments", "{\"phone\":\"+56987654321\"}"))
        .containsExactly("unknown_field", "phone");
    assertThat(error("list_my_appointments", "{\"tenant\":\"other-business\"}"))
        .containsExactly("unknown_field", "tenant");
  }

  private List<String> slotsError(String fields) {
    return error("find_available_slots", "{\"service_id\":\"corte\"," + fields + "}");
  }

  private List<String> error(String tool, String args) {
    JsonNode result = f.call(tool, args);
    if (!result.has("error")) {
      return List.of();
    }
    return List.of(
        result.get("error").get("code").asText(), result.get("error").get("field").asText());
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
