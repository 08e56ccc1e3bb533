/**
 * Push notifications to staff through OneSignal.
 *
 * <ul>
 *   <li>{@link dev.cita.scheduling.notify.push.OneSignalPushChannel} — the {@link
 *       dev.cita.scheduling.spi.NotificationChannel} with id {@code "push"}, addressed by the staff
 *       member's OneSignal external id ({@link dev.cita.scheduling.notify.AddressKind#PUSH}).
 * </ul>
 *
 * Nothing in this package accepts or returns null unless it says so; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.notify.push;

import org.jspecify.annotations.NullMarked;
