-- Per-tenant notification preferences, as JSON text.
CREATE TABLE cita_notification_preferences (
  tenant_id VARCHAR(200) NOT NULL PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
