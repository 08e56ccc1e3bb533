/**
 * Typed request and response models of the Cal.com API v2, as {@link
 * dev.cita.scheduling.calcom.CalComClient} sends and reads them. Records mirror Cal.com's JSON
 * field names; unknown fields in responses are ignored, and absent optional fields are null on the
 * wire records (their accessors say so).
 */
@NullMarked
package dev.cita.scheduling.calcom.api;

import org.jspecify.annotations.NullMarked;
