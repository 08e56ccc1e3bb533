/** Thread-safe in-memory implementations of the store SPIs, and a fake calendar provider. */
@NullMarked
package dev.cita.scheduling.memory;

import org.jspecify.annotations.NullMarked;
