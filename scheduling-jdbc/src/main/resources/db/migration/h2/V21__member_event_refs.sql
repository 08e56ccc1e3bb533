-- Issue 21: every member of a collective appointment sees it in its own calendar. A calendar
-- provider (Google, Microsoft) holds one event per held resource it covers; member_refs keeps
-- their ids as a JSON object, provider -> resource id -> event id (NULL for none), read with the
-- row like participants (V18). external_refs keeps the primary event (the host's, else the first
-- covered member's). Each member's event id also gets a row in cita_appointment_ref, so a webhook
-- about any member's copy finds the appointment; that table needs no resource column: it only
-- answers "which appointment holds this event id", and Google gives a member's copy the same id in
-- each calendar (ids are unique per calendar), so a resource in its key would only repeat rows.
ALTER TABLE cita_appointment ADD COLUMN member_refs TEXT;
