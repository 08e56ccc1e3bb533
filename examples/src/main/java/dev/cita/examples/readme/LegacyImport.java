package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ImportBatch;
import dev.cita.scheduling.ImportResult;
import dev.cita.scheduling.ImportedAppointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.List;

/** Moves a doctor's past appointments out of a legacy CRM; a second run imports nothing twice. */
public class LegacyImport {
  /** One appointment as the legacy CRM exports it. */
  public record CrmRow(String id, Instant start, String patient, String phone) {}

  public static ImportResult importFromCrm(
      BookingService service, TenantId clinic, ResourceId drAna, List<CrmRow> rows) {
    AppointmentTypeId consult = AppointmentTypeId.of("consulta");
    ImportBatch.Builder batch = ImportBatch.builder(ImportBatch.ConflictMode.CHECK); // or ALLOW
    for (CrmRow row : rows) { // up to ImportBatch.MAX_ROWS (10,000) rows a batch
      Attendee patient = Attendee.builder(row.patient()).phone(row.phone()).build();
      batch.add(
          ImportedAppointment.builder(clinic, drAna, consult, row.start(), patient)
              .source("legacy-crm", row.id()) // (tenant, source, external id): imported once, ever
              .status(AppointmentStatus.COMPLETED) // optional: end, display zone, location, notes
              .build());
    }
    ImportResult result = service.importAppointments(batch.build());
    for (ImportResult.Row refused : result.conflicting()) {
      System.out.println("row " + refused.index() + ": " + refused.reason().orElseThrow());
    }
    return result;
  }
}
