/** Thread-safe in-memory implementations of the store SPIs, and a fake calendar provider. */
package dev.cita.scheduling.memory;
