-- Issue 14: the webhook inbox is keyed by tenant too (two tenants sharing one provider account
-- receive the same delivery, and each must apply it), and remembers deliveries that can never be
-- applied, with the reason, so their redeliveries are acknowledged without work. Rows recorded
-- before this migration keep tenant '' (no tenant); a replay of such a delivery is applied again,
-- which applying tolerates (it is idempotent).
ALTER TABLE cita_webhook_inbox ADD COLUMN tenant_id VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE cita_webhook_inbox ADD COLUMN rejection VARCHAR(500);
ALTER TABLE cita_webhook_inbox DROP CONSTRAINT cita_webhook_inbox_pkey;
ALTER TABLE cita_webhook_inbox ADD CONSTRAINT cita_webhook_inbox_pkey PRIMARY KEY (tenant_id, provider, delivery_key);
