package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The contracts' check that bad input is refused with a {@link ValidationException}. */
final class Refusals {
  private Refusals() {}

  /** Asserts that {@code call} throws a {@link ValidationException} naming {@code field}. */
  static void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).as("field named by: " + e.getMessage()).isEqualTo(field));
  }
}
