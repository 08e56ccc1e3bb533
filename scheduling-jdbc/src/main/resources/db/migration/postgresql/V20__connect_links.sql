-- Issue 23: one-time onboarding links (ConnectLinkStore): a business owner opens one to connect a
-- provider account to a tenant. The key is a digest of the link's token, never the token; used and
-- expired links stay so that a later visit can be told which. used_at is set once, by a
-- conditional UPDATE.
CREATE TABLE cita_connect_link (
  link_id VARCHAR(200) PRIMARY KEY,
  tenant_id VARCHAR(200) NOT NULL,
  provider VARCHAR(100) NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ
);
