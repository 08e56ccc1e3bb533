/** Plumbing of the Google adapter (transport, retries, mapping, caches); not public API. */
package dev.cita.scheduling.google.internal;
