-- Messaging state every app node shares (issue 17): when each contact last wrote (a channel's
-- customer service window), the delivery status of sent messages, and the send attempts of a
-- channel's idempotency keys with the free-text message the provider accepted.

CREATE TABLE cita_last_inbound (
  scope           VARCHAR(200) NOT NULL,
  contact         VARCHAR(200) NOT NULL,
  last_inbound_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scope, contact)
);

-- The purge of old entries.
CREATE INDEX cita_last_inbound_at ON cita_last_inbound (last_inbound_at);

CREATE TABLE cita_delivery_status (
  message_id VARCHAR(200) PRIMARY KEY,
  status     VARCHAR(40) NOT NULL,
  error_code VARCHAR(40),
  updated_at TIMESTAMPTZ NOT NULL,
  version    BIGINT NOT NULL
);

-- The purge of old records.
CREATE INDEX cita_delivery_status_updated_at ON cita_delivery_status (updated_at);

CREATE TABLE cita_send_attempt (
  idempotency_key VARCHAR(500) PRIMARY KEY,
  started_at      TIMESTAMPTZ NOT NULL,
  message_id      VARCHAR(200),
  free_form       TEXT
);

-- A status callback's lookup of the free-text message by the provider's id.
CREATE INDEX cita_send_attempt_message_id ON cita_send_attempt (message_id);

-- The purge of old attempts.
CREATE INDEX cita_send_attempt_started_at ON cita_send_attempt (started_at);
