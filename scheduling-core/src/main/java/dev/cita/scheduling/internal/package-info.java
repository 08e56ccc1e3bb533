/** Helpers the core and the adapters share, such as argument checks and log escaping. */
@NullMarked
package dev.cita.scheduling.internal;

import org.jspecify.annotations.NullMarked;
