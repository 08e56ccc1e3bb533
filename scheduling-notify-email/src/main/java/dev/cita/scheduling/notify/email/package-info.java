/**
 * An e-mail {@link dev.cita.scheduling.spi.NotificationChannel} over SMTP: {@link
 * dev.cita.scheduling.notify.email.EmailChannel}.
 */
@NullMarked
package dev.cita.scheduling.notify.email;

import org.jspecify.annotations.NullMarked;
