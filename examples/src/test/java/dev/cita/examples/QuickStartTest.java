package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void quickStartTellsTheWholeStory() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickStart.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-09-04T14:00:00Z"), ZoneId.of("America/Santiago")));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("Booked ")
        .contains("Mon 07 Sep 09:00 [SCHEDULED]")
        .contains("Double booking refused: ")
        .contains("Retried request returned the same appointment: true")
        .contains("Rescheduled to Mon 07 Sep 11:00 [RESCHEDULED]")
        .contains("Confirmed [CONFIRMED]")
        .contains("Cancelled [CANCELLED]; 11:00 is free again: true")
        .doesNotContain("ERROR")
        .doesNotContain("12345678");
    // Sunday 2026-09-06 in Santiago: 00:00 does not exist, so the first slot is 01:00.
    assertThat(out)
        .contains("Sun 06 Sep 01:00")
        .doesNotContain("Sun 06 Sep 00:00")
        .doesNotContain("Sun 06 Sep 00:30");
  }
}
