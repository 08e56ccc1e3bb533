package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.examples.clinic.Directory.ProfessionalRow;
import dev.cita.examples.clinic.Directory.ServiceRow;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;

/**
 * The demo chain a fresh database starts with: two branches in Santiago, two services, three
 * professionals.
 */
final class DemoChain {
  private DemoChain() {}

  static void seed(Directory directory) {
    EnumSet<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    directory.saveBranch(
        new BranchRow(
            "providencia",
            "Providencia",
            "Av. Providencia 1234, Providencia",
            weekdays,
            LocalTime.of(9, 0),
            LocalTime.of(18, 0)));
    directory.saveBranch(
        new BranchRow(
            "nunoa",
            "Ñuñoa",
            "Av. Irarrázaval 3456, Ñuñoa",
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY),
            LocalTime.of(8, 30),
            LocalTime.of(14, 0)));
    directory.saveService(new ServiceRow("consulta-general", "Consulta general", 30));
    directory.saveService(new ServiceRow("kinesiologia", "Kinesiología", 45));
    directory.saveProfessional(
        new ProfessionalRow(
            "dra-ana-soto", "Dra. Ana Soto", "providencia", List.of("consulta-general")));
    directory.saveProfessional(
        new ProfessionalRow(
            "klgo-pedro-rojas", "Klgo. Pedro Rojas", "providencia", List.of("kinesiologia")));
    directory.saveProfessional(
        new ProfessionalRow(
            "dr-luis-munoz",
            "Dr. Luis Muñoz",
            "nunoa",
            List.of("consulta-general", "kinesiologia")));
  }
}
