-- Issue 17: calendar-adapter state shared by every node of one database: push channels (Google
-- events.watch), which calendar holds each resource's time, and each branch's mapping between a
-- booking tool (Cal.com, Calendly) and Cita's resources and appointment types.
CREATE TABLE cita_push_channel (
  provider             VARCHAR(100) NOT NULL,
  channel_id           VARCHAR(500) NOT NULL,
  provider_resource_id VARCHAR(500) NOT NULL,
  verification_token   VARCHAR(500) NOT NULL,
  expires_at           TIMESTAMPTZ NOT NULL,
  tenant_id            VARCHAR(200) NOT NULL,
  resource_id          VARCHAR(200) NOT NULL,
  account              VARCHAR(320) NOT NULL,
  calendar_id          VARCHAR(500) NOT NULL,
  PRIMARY KEY (provider, channel_id)
);

CREATE TABLE cita_calendar_assignment (
  tenant_id   VARCHAR(200) NOT NULL,
  resource_id VARCHAR(200) NOT NULL,
  provider    VARCHAR(100) NOT NULL,
  account     VARCHAR(320) NOT NULL,
  calendar_id VARCHAR(500) NOT NULL,
  -- also list(provider), in its order
  PRIMARY KEY (provider, tenant_id, resource_id)
);
-- list(connection), in its order
CREATE INDEX cita_calendar_assignment_connection
  ON cita_calendar_assignment (tenant_id, provider, account, resource_id);

CREATE TABLE cita_provider_mapping (
  tenant_id           VARCHAR(200) NOT NULL,
  provider            VARCHAR(100) NOT NULL,
  kind                VARCHAR(100) NOT NULL,
  external_id         VARCHAR(500) NOT NULL,
  resource_id         VARCHAR(200),
  appointment_type_id VARCHAR(200),
  attributes          TEXT NOT NULL,
  -- also tenants(provider)
  PRIMARY KEY (provider, tenant_id, kind, external_id)
);
-- findByExternalId: the one lookup across tenants
CREATE INDEX cita_provider_mapping_external
  ON cita_provider_mapping (provider, kind, external_id, tenant_id);
