-- The outbox claim reads pending entries in (next_attempt_at, created_at, write_seq) order and
-- stops at its limit: an index in that order after the status (H2 has no partial indexes; on
-- PostgreSQL this index is partial, WHERE status = 'PENDING').
CREATE INDEX cita_outbox_pending ON cita_outbox (status, next_attempt_at, created_at, write_seq);

DROP INDEX cita_outbox_due;
