package dev.cita.scheduling.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsZonesTest {
  @Test
  void everyWindowsNameOfCldrsTableNamesAZoneThisJdkKnows() {
    Map<String, String> table = WindowsZones.table();

    assertThat(table).hasSizeGreaterThan(130);
    table.forEach(
        (windows, iana) ->
            assertThat(WindowsZones.zoneOf(windows)).as(windows).hasValue(ZoneId.of(iana)));
  }

  @Test
  void outlooksNamesMapToTheirIanaZones() {
    assertThat(WindowsZones.zoneOf("Pacific SA Standard Time"))
        .hasValue(ZoneId.of("America/Santiago"));
    assertThat(WindowsZones.zoneOf("Romance Standard Time")).hasValue(ZoneId.of("Europe/Paris"));
    assertThat(WindowsZones.zoneOf("UTC")).hasValue(ZoneId.of("Etc/UTC"));
  }

  @Test
  void ianaIdsPassThroughAndUnknownNamesAreEmpty() {
    assertThat(WindowsZones.zoneOf("America/Punta_Arenas"))
        .hasValue(ZoneId.of("America/Punta_Arenas"));
    assertThat(WindowsZones.zoneOf("Mars Standard Time")).isEmpty();
    assertThat(WindowsZones.zoneOf("")).isEmpty();
  }
}
