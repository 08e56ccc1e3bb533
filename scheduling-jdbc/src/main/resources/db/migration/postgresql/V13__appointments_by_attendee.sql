-- Issue 18: a customer's appointments, found by phone or e-mail whatever booked them
-- (AppointmentStore.findByAttendee), in start order.
CREATE INDEX cita_appointment_attendee_phone
  ON cita_appointment (tenant_id, attendee_phone, start_at, id);
-- E-mails are compared in lower case. H2 has no index on an expression: there the tenant's
-- (tenant_id, start_at) index serves it.
CREATE INDEX cita_appointment_attendee_email
  ON cita_appointment (tenant_id, lower(attendee_email), start_at, id);
