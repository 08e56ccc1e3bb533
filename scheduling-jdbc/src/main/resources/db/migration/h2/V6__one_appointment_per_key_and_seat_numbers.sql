-- Issue 14. Two guarantees the database now keeps by itself, whatever the application does:
-- 1. An idempotency key names at most one appointment of a tenant.
-- 2. A slot never holds more time-holding rows than its type's seats: every time-holding row has a
--    seat number, unique per (tenant, resource, slot), below the seats written with it.

-- The key column had 200 characters while the key table and the core allow 255.
ALTER TABLE cita_appointment ALTER COLUMN idempotency_key SET DATA TYPE VARCHAR(255);

-- Keys that already name several appointments (possible before this version): the earliest
-- appointment keeps the key, the others lose it (they stay booked).
UPDATE cita_appointment a SET idempotency_key = NULL
  WHERE idempotency_key IS NOT NULL AND EXISTS (SELECT 1 FROM cita_appointment b
    WHERE b.tenant_id = a.tenant_id AND b.idempotency_key = a.idempotency_key
      AND (b.created_at < a.created_at OR (b.created_at = a.created_at AND b.id < a.id)));

CREATE UNIQUE INDEX cita_appointment_idempotency_key ON cita_appointment (tenant_id, idempotency_key);

-- seat_no: the row's seat in its slot (0, 1, ...), set exactly while the row holds time.
-- seats: the type's seats when the row took its seat; NULL for rows recorded without a cap
-- (provider webhooks, which record what the provider already accepted, and rows before V6).
ALTER TABLE cita_appointment ADD COLUMN seat_no INT;

ALTER TABLE cita_appointment ADD COLUMN seats INT;

-- Existing time-holding rows get seats 0, 1, ... in booking order within their slot.
UPDATE cita_appointment a SET seat_no = (SELECT count(*) FROM cita_appointment b
    WHERE b.tenant_id = a.tenant_id AND b.resource_id = a.resource_id AND b.slot_key = a.slot_key
      AND b.holds_time AND (b.created_at < a.created_at OR (b.created_at = a.created_at AND b.id < a.id)))
  WHERE holds_time;

ALTER TABLE cita_appointment ADD CONSTRAINT cita_appointment_seat CHECK (
  (seat_no IS NOT NULL) = holds_time AND (seat_no IS NULL OR seat_no >= 0)
  AND (seats IS NULL OR seats >= 1) AND (seat_no IS NULL OR seats IS NULL OR seat_no < seats));

-- H2 has no partial indexes; NULLs are distinct in unique indexes, so rows without a key or a seat
-- (which hold no time) never collide. NULL seat numbers (rows that hold no time) are distinct too.
CREATE UNIQUE INDEX cita_appointment_seat_no ON cita_appointment (tenant_id, resource_id, slot_key, seat_no);
