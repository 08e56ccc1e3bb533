-- Issue 16: an outbox entry remembers whether a failed attempt may have reached the provider (so a
-- create of an appointment cancelled before anything was sent can be dropped), and an appointment
-- says why it has its status (e.g. cancelled because the branch's booking tool refused it).
ALTER TABLE cita_outbox ADD COLUMN possibly_sent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cita_appointment ADD COLUMN status_reason VARCHAR(500);
