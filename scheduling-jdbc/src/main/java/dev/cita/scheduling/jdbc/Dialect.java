package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases Cita's JDBC stores support: PostgreSQL in production, H2 embedded. */
public enum Dialect {
  /** PostgreSQL, the database for production. */
  POSTGRESQL("postgresql"),
  /** H2, embedded, for demos and tests. */
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** {@return the classpath folder with this dialect's migrations, under {@code db/migration/}} */
  public String migrationFolder() {
    return "db/migration/" + folder;
  }

  /**
   * Reads the dialect from the database the data source points at; it opens one connection.
   *
   * @param dataSource the database
   * @return the dialect of its product name
   * @throws dev.cita.scheduling.SchedulingException if the database is neither PostgreSQL nor H2,
   *     or its product name cannot be read
   */
  public static Dialect of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.contains("h2")) {
        return H2;
      }
      throw new SchedulingException(
          "unsupported database '" + product + "': Cita supports PostgreSQL and H2");
    } catch (SQLException e) {
      throw new SchedulingException("cannot read the database product: " + e.getMessage(), e);
    }
  }

  /**
   * An insert-or-replace of one row of {@code table}, keyed by {@code key} (a prefix-free subset of
   * {@code columns}), with one {@code ?} per column in {@code columns}' order.
   */
  String upsert(String table, List<String> columns, List<String> key) {
    String names = String.join(", ", columns);
    String marks = String.join(", ", columns.stream().map(c -> "?").toList());
    if (this == H2) {
      return "MERGE INTO "
          + table
          + " ("
          + names
          + ") KEY ("
          + String.join(", ", key)
          + ") VALUES ("
          + marks
          + ")";
    }
    List<String> set =
        columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = EXCLUDED." + c).toList();
    return "INSERT INTO "
        + table
        + " ("
        + names
        + ") VALUES ("
        + marks
        + ") ON CONFLICT ("
        + String.join(", ", key)
        + ") DO UPDATE SET "
        + String.join(", ", set);
  }
}
