-- Issue 18: a customer's appointments, found by phone or e-mail whatever booked them
-- (AppointmentStore.findByAttendee), in start order.
CREATE INDEX cita_appointment_attendee_phone
  ON cita_appointment (tenant_id, attendee_phone, start_at, id);
