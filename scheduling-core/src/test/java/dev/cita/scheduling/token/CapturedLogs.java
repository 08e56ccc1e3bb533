package dev.cita.scheduling.token;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple writes (it looks up {@code System.err} on every line) while open.
 * Tests in this module run one at a time, so swapping the stream is safe.
 */
final class CapturedLogs implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  CapturedLogs() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  String text() {
    System.err.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
