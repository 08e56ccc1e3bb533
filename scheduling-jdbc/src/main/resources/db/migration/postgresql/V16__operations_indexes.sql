-- Issue 20: metrics and health checks poll the outbox's dead letters and the connections of one
-- status (those needing re-authorization) per provider. Partial and narrow indexes, so a poll
-- reads only those rows, never the sent entries or every connection.
CREATE INDEX cita_outbox_dead ON cita_outbox (provider) WHERE status = 'DEAD';
CREATE INDEX cita_connection_status_by_status
  ON cita_connection_status (status, provider, tenant_id, account);
