-- Issue 21: recurring appointments. An occurrence of a series carries the series id and the start
-- the series' rule gave it (kept when the occurrence is moved), so "this and following" is read
-- with one index range (AppointmentStore.findSeries). Both are null for a single appointment.
ALTER TABLE cita_appointment ADD COLUMN series_id VARCHAR(200);
ALTER TABLE cita_appointment ADD COLUMN occurrence_start TIMESTAMP WITH TIME ZONE;
CREATE INDEX cita_appointment_series
  ON cita_appointment (tenant_id, series_id, occurrence_start, id);
