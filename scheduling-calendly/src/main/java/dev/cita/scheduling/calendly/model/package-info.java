/**
 * Typed requests and responses of the Calendly API v2, as immutable records read and written by
 * Jackson with snake_case names. Unknown JSON fields are ignored, so new Calendly fields never
 * break reading; absent optional fields are null inside a record and exposed through the record's
 * {@code Optional} helpers where callers are expected to branch on them.
 */
@NullMarked
package dev.cita.scheduling.calendly.model;

import org.jspecify.annotations.NullMarked;
