-- Issue 21: collective (all-of) appointments; see the PostgreSQL migration. H2 has no exclusion
-- constraint: the lock rows of every resource the appointment holds (taken FOR UPDATE, sorted by
-- id) and the conflict check under them keep a resource's time-holding rows apart.
ALTER TABLE cita_appointment ADD COLUMN participants TEXT;

CREATE TABLE cita_appointment_participant (
  tenant_id VARCHAR(200) NOT NULL,
  appointment_id VARCHAR(200) NOT NULL,
  resource_id VARCHAR(200) NOT NULL,
  start_at TIMESTAMP WITH TIME ZONE NOT NULL,
  end_at TIMESTAMP WITH TIME ZONE NOT NULL,
  holds_time BOOLEAN NOT NULL,
  PRIMARY KEY (tenant_id, appointment_id, resource_id),
  FOREIGN KEY (tenant_id, appointment_id) REFERENCES cita_appointment (tenant_id, id)
    ON DELETE CASCADE,
  CHECK (end_at > start_at)
);

CREATE INDEX cita_appointment_participant_resource_start
  ON cita_appointment_participant (tenant_id, resource_id, start_at);
