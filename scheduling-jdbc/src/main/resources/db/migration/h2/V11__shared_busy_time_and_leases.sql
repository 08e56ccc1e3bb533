-- Issue 17: busy time of connected calendars and a provider's open windows, shared by every node
-- (one header row per source, tenant, resource and scope -- empty for busy time, the appointment
-- type for open windows -- versioned for compare-and-set writes, and its events), and named leases
-- so that one node at a time refreshes each tenant.

CREATE TABLE cita_busy_calendar (
  source        VARCHAR(100) NOT NULL,
  tenant_id     VARCHAR(200) NOT NULL,
  resource_id   VARCHAR(200) NOT NULL,
  scope         VARCHAR(200) NOT NULL,
  version       BIGINT NOT NULL,
  refreshed_at  TIMESTAMP(9) WITH TIME ZONE,
  unavailable   VARCHAR(2000),
  known_spans   CHARACTER VARYING NOT NULL,
  PRIMARY KEY (source, tenant_id, resource_id, scope)
);

CREATE TABLE cita_busy_event (
  source       VARCHAR(100) NOT NULL,
  tenant_id    VARCHAR(200) NOT NULL,
  resource_id  VARCHAR(200) NOT NULL,
  scope        VARCHAR(200) NOT NULL,
  event_id     VARCHAR(1024) NOT NULL,
  start_at     TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  end_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  PRIMARY KEY (source, tenant_id, resource_id, scope, event_id)
);

-- Pruning ended events of one source (a daily job).
CREATE INDEX cita_busy_event_source_end ON cita_busy_event (source, end_at);

CREATE TABLE cita_lease (
  name         VARCHAR(500) NOT NULL PRIMARY KEY,
  owner        VARCHAR(200) NOT NULL,
  lease_until  TIMESTAMP(9) WITH TIME ZONE NOT NULL
);
