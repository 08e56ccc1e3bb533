package dev.cita.scheduling.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method's nullness contract in JetBrains' notation, such as {@code "null, _ -> fail"}: NullAway
 * reads any annotation of this simple name, so after {@code Checks.notNull(x, "x")} it knows {@code
 * x} is not null.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Contract {
  /** The contract's clauses, each {@code arguments -> result}, separated by {@code ;}. */
  String value();
}
