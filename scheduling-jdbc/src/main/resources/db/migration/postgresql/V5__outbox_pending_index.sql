-- The outbox claim reads pending entries in (next_attempt_at, created_at, write_seq) order and
-- stops at its limit. A partial index in exactly that order keeps the hot index as small as the
-- backlog (sent entries accumulate; they are not in it) and lets the claim stop after `limit` rows
-- instead of sorting every due entry, which matters after an outage leaves a large backlog.
CREATE INDEX IF NOT EXISTS cita_outbox_pending ON cita_outbox (next_attempt_at, created_at, write_seq) WHERE status = 'PENDING';

DROP INDEX IF EXISTS cita_outbox_due;
