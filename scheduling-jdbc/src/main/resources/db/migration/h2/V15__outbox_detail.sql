-- Issue 19: an outbox entry may carry what its worker cannot read from the appointment later (the
-- notification queue's message kind, origin provider and a reschedule's previous start).
ALTER TABLE cita_outbox ADD COLUMN detail VARCHAR(500);
