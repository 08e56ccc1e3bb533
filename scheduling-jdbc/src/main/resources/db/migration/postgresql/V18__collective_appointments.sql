-- Issue 21: collective (all-of) appointments. One appointment (its row in cita_appointment, whose
-- resource_id is the host) holds the time of other resources too, its participants. Each
-- participant has a row here, written in the same transaction as the appointment, with the
-- appointment's time and holds_time, so a resource's time-holding rows are those of
-- cita_appointment with its resource_id plus those of this table with its resource_id.
-- participants on cita_appointment: the participant ids as a JSON array (NULL for none), so that
-- reading an appointment needs no join; this table is what the lookups and the constraint use.
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
  CHECK (end_at > start_at),
  -- What the database enforces by itself: time-holding participant rows of one resource never
  -- overlap each other (two collective appointments never share a participant's time), as
  -- cita_appointment_no_overlap does for host rows. An exclusion constraint covers one table, so
  -- the overlap of a participant row with a host row of the same resource (in cita_appointment)
  -- is kept out by the writers: every write takes pg_advisory_xact_lock of every resource the
  -- appointment holds (sorted by id, so writers never deadlock) and checks both tables under them.
  CONSTRAINT cita_appointment_participant_no_overlap EXCLUDE USING gist (
    tenant_id WITH =,
    resource_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  ) WHERE (holds_time)
);
