package dev.cita.scheduling.calcom.api;

/**
 * An event type from {@code GET /v2/event-types} (cal-api-version 2024-06-14), reduced to what
 * mapping it to a Cita appointment type needs.
 *
 * @param id the event type id
 * @param slug its URL slug
 * @param title its title
 * @param lengthInMinutes its default length
 * @param seatsPerTimeSlot seats per slot for seated types, or null
 */
public record CalComEventType(long id, String slug, String title, int lengthInMinutes, Integer seatsPerTimeSlot) {}
