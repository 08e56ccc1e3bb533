package dev.cita.scheduling.google;

/**
 * What one sync of a resource's calendar did: whether it was a full sync (the first one, or after
 * Google answered 410 to an expired sync token), how many pages and changed events it read, how
 * many of those were Cita's own appointments, and how many busy intervals the resource now has.
 *
 * @param full true for a full sync: the first one, or after Google answered 410
 * @param pages how many pages of events were read
 * @param changedEvents how many changed events were read (every event, for a full sync)
 * @param appointmentEvents how many of those were Cita's own appointments
 * @param busyIntervals how many busy intervals the resource now has
 */
public record GoogleSyncResult(
    boolean full, int pages, int changedEvents, int appointmentEvents, int busyIntervals) {}
