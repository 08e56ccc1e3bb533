/** Plumbing of the Google adapter (transport, retries, mapping, caches); not public API. */
@NullMarked
package dev.cita.scheduling.google.internal;

import org.jspecify.annotations.NullMarked;
