/**
 * Spring Boot auto-configuration for Cita: the JDBC stores, the booking service and the workers
 * from a {@code DataSource}, the webhook endpoint, Actuator health and Micrometer meters. Every
 * bean is created only when the application has not defined its own.
 */
@NullMarked
package dev.cita.scheduling.spring;

import org.jspecify.annotations.NullMarked;
