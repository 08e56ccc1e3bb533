-- Issue 20: metrics and health checks poll the outbox's dead letters and the connections of one
-- status (those needing re-authorization) per provider. H2 has no partial indexes: the outbox
-- index leads with the status (on PostgreSQL it is partial, WHERE status = 'DEAD').
CREATE INDEX cita_outbox_dead ON cita_outbox (status, provider);
CREATE INDEX cita_connection_status_by_status
  ON cita_connection_status (status, provider, tenant_id, account);
