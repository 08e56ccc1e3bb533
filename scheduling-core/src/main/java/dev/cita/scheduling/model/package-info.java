/**
 * The immutable domain model: tenants, resources, appointment types, attendees, appointments and
 * slots. Values are validated when built; an invalid one raises {@link
 * dev.cita.scheduling.ValidationException} naming the field. Nothing here is null: absent values
 * are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.model;

import org.jspecify.annotations.NullMarked;
