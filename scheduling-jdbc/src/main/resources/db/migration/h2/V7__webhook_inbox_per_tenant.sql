-- Issue 14: the webhook inbox is keyed by tenant too, and remembers rejected deliveries with the
-- reason (see the PostgreSQL twin of this migration).
ALTER TABLE cita_webhook_inbox ADD COLUMN tenant_id VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE cita_webhook_inbox ADD COLUMN rejection VARCHAR(500);
ALTER TABLE cita_webhook_inbox DROP PRIMARY KEY;
ALTER TABLE cita_webhook_inbox ADD CONSTRAINT cita_webhook_inbox_pkey PRIMARY KEY (tenant_id, provider, delivery_key);
