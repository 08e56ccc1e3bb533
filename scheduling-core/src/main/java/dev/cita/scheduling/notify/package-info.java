/**
 * Telling people about appointments: confirmations, cancellations, reschedule notices and
 * reminders, rendered in Spanish or English and sent through pluggable {@link
 * dev.cita.scheduling.spi.NotificationChannel}s.
 *
 * <ul>
 *   <li>{@link dev.cita.scheduling.notify.BookingNotifier} — a {@link
 *       dev.cita.scheduling.BookingListener} that sends the change notices.
 *   <li>{@link dev.cita.scheduling.notify.ReminderScheduler} — finds due reminders and sends each
 *       exactly once, safe with several app nodes.
 *   <li>{@link dev.cita.scheduling.notify.MessageTemplates}, {@link
 *       dev.cita.scheduling.notify.ReminderPolicy}, {@link
 *       dev.cita.scheduling.notify.NotificationPreferences} — what is said, when, and to whom.
 * </ul>
 *
 * Nothing in this API is null; absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.notify;

import org.jspecify.annotations.NullMarked;
