package dev.cita.examples;

import dev.cita.scheduling.tokens.TokenKeyset;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The second node of {@link SharedAdapterStateTest}, in a JVM of its own: builds its stack over the
 * PostgreSQL schema named by its arguments and prints {@link AdapterNode#report()}.
 */
public final class SharedStateNodeMain {
  private SharedStateNodeMain() {}

  /**
   * Runs the node.
   *
   * @param args the JDBC URL of the database, and the schema
   */
  public static void main(String[] args) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(args[0]);
    ds.setCurrentSchema(args[1]);
    System.out.println(new AdapterNode(ds, TokenKeyset.generate()).report());
  }
}
