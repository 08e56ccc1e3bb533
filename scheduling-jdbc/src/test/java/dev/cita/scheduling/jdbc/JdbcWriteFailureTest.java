package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.OutcomeUnknownException;
import dev.cita.scheduling.SchedulingException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: a failed write is typed by its SQLSTATE. Serialization failures and deadlocks can be
 * retried; a lost or terminated connection leaves the outcome unknown (PostgresBookingPromisesTest
 * terminates a real backend); anything else stays a plain {@link SchedulingException}.
 */
class JdbcWriteFailureTest {
  @ParameterizedTest
  @CsvSource({
    "40001, ConcurrentUpdateException",
    "40P01, ConcurrentUpdateException",
    "57P01, OutcomeUnknownException",
    "57P02, OutcomeUnknownException",
    "57P03, OutcomeUnknownException",
    "08006, OutcomeUnknownException",
    "08003, OutcomeUnknownException",
    "23502, SchedulingException",
    "42P01, SchedulingException"
  })
  void theSqlStateDecidesTheType(String state, String type) {
    SchedulingException e =
        Jdbc.writeFailure("inserting an appointment", new SQLException("driver says", state));

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.getMessage()).contains(state);
    if (e instanceof OutcomeUnknownException) {
      assertThat(e.getMessage())
          .contains("outcome of inserting an appointment is unknown")
          .contains("same idempotency key is safe");
      assertThat(e.getCause()).isInstanceOf(SQLException.class);
    }
    if (e instanceof ConcurrentUpdateException) {
      assertThat(e.getMessage()).contains("nothing was written");
    }
  }
}
