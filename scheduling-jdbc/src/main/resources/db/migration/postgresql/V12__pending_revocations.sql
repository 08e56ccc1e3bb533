-- Issue 17: a disconnect revokes the token at the provider before the credential is deleted. While
-- the provider cannot be reached the connection stays REVOKING, with the attempts claimed so far and
-- when the next one may be claimed; a save of any other status clears both.
ALTER TABLE cita_connection_status ADD COLUMN revocation_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cita_connection_status ADD COLUMN revocation_due_at TIMESTAMPTZ;
CREATE INDEX cita_connection_status_revocation_due ON cita_connection_status (revocation_due_at)
  WHERE status = 'REVOKING';
