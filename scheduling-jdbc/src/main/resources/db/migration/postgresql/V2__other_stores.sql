-- Schedules, appointment types, idempotency keys, tokens, connection states, webhook inbox,
-- reminders, authorization states. Every tenant-owned row has the tenant in its primary key.

CREATE TABLE cita_schedule (
  tenant_id     VARCHAR(200) NOT NULL,
  resource_id   VARCHAR(200) NOT NULL,
  schedule_json TEXT NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, resource_id)
);

CREATE TABLE cita_appointment_type (
  tenant_id   VARCHAR(200) NOT NULL,
  type_id     VARCHAR(200) NOT NULL,
  type_json   TEXT NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, type_id)
);

CREATE TABLE cita_idempotency_key (
  tenant_id           VARCHAR(200) NOT NULL,
  idempotency_key     VARCHAR(255) NOT NULL,
  request_fingerprint VARCHAR(512) NOT NULL,
  appointment_id      VARCHAR(200) NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE TABLE cita_token (
  tenant_id   VARCHAR(200) NOT NULL,
  provider    VARCHAR(100) NOT NULL,
  account     VARCHAR(320) NOT NULL,
  sealed      BYTEA NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, provider, account)
);

CREATE TABLE cita_connection_status (
  tenant_id   VARCHAR(200) NOT NULL,
  provider    VARCHAR(100) NOT NULL,
  account     VARCHAR(320) NOT NULL,
  status      VARCHAR(40) NOT NULL,
  changed_at  TIMESTAMPTZ NOT NULL,
  reason      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, provider, account)
);

CREATE TABLE cita_webhook_inbox (
  provider     VARCHAR(100) NOT NULL,
  delivery_key VARCHAR(512) NOT NULL,
  recorded_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (provider, delivery_key)
);

CREATE INDEX cita_webhook_inbox_recorded_at ON cita_webhook_inbox (recorded_at);

CREATE TABLE cita_reminder (
  tenant_id          VARCHAR(200) NOT NULL,
  reminder_id        VARCHAR(1000) NOT NULL,
  state              VARCHAR(20) NOT NULL,
  claim_owner        VARCHAR(200),
  lease_until        TIMESTAMPTZ,
  claims             INTEGER NOT NULL,
  failures           INTEGER NOT NULL,
  channel_message_id VARCHAR(500),
  last_error         TEXT,
  PRIMARY KEY (tenant_id, reminder_id)
);

CREATE TABLE cita_authorization_state (
  state         VARCHAR(200) NOT NULL PRIMARY KEY,
  tenant_id     VARCHAR(200) NOT NULL,
  provider      VARCHAR(100) NOT NULL,
  code_verifier VARCHAR(200) NOT NULL,
  expires_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX cita_authorization_state_expires_at ON cita_authorization_state (expires_at);
