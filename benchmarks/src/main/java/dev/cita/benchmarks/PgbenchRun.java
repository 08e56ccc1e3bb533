package dev.cita.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code pgbench} with the booking path's transaction shape ({@code pgbench/booking.sql} in
 * the jar, from {@code src/main/pgbench}) on a schema the harness migrated: the baseline that
 * Cita's commits per second are compared with, on the same server in the same run.
 */
final class PgbenchRun {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

  private PgbenchRun() {}

  /**
   * The transactions per second pgbench reached, or empty (saying why on stderr) when pgbench is
   * missing or failed.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host[:port]/database?user=name}
   */
  static OptionalDouble tps(String jdbcUrl, String schema, int clients, int seconds)
      throws IOException, InterruptedException {
    String pgbench = System.getenv().getOrDefault("PGBENCH", "/usr/bin/pgbench");
    if (!Files.isExecutable(Path.of(pgbench))) {
      System.err.println("pgbench skipped: " + pgbench + " not found (set PGBENCH)");
      return OptionalDouble.empty();
    }
    Path script = Files.createTempFile("cita-booking", ".sql");
    try (InputStream in = PgbenchRun.class.getResourceAsStream("/pgbench/booking.sql")) {
      if (in == null) {
        throw new IOException("pgbench/booking.sql is missing from the classpath");
      }
      Files.write(script, in.readAllBytes());
      ProcessBuilder builder =
          new ProcessBuilder(command(pgbench, jdbcUrl, script, clients, seconds));
      builder.environment().put("PGOPTIONS", "-c search_path=" + schema + ",public");
      builder.redirectErrorStream(true);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
        System.err.println("pgbench failed:\n" + output);
        return OptionalDouble.empty();
      }
      Matcher tps = TPS.matcher(output);
      return tps.find()
          ? OptionalDouble.of(Double.parseDouble(tps.group(1)))
          : OptionalDouble.empty();
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** pgbench's arguments: prepared statements, no vacuum of pgbench's own tables, two threads. */
  static List<String> command(
      String pgbench, String jdbcUrl, Path script, int clients, int seconds) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-M", "prepared"));
    command.addAll(List.of("-c", String.valueOf(clients), "-j", "2"));
    command.addAll(List.of("-T", String.valueOf(seconds), "-f", script.toString()));
    command.addAll(List.of("-h", uri.getHost()));
    if (uri.getPort() > 0) {
      command.addAll(List.of("-p", String.valueOf(uri.getPort())));
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith("user=")) {
        command.addAll(List.of("-U", pair.substring("user=".length())));
      }
    }
    command.add(uri.getPath().substring(1));
    return command;
  }
}
