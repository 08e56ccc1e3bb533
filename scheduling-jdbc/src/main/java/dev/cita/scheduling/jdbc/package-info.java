/**
 * JDBC implementations of Cita's store SPIs over a user-supplied {@link javax.sql.DataSource}, for
 * PostgreSQL (production) and H2 (embedded), with the schema migrations they need.
 */
@NullMarked
package dev.cita.scheduling.jdbc;

import org.jspecify.annotations.NullMarked;
