package dev.cita.scheduling.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A test's {@code main} class run in a new JVM that has every class this JVM has: a second
 * application node for cross-process tests. {@link #of} gives the {@link ProcessBuilder}; {@link
 * #start} also talks to the child one line at a time, each answer awaited for a bounded time, and
 * {@link #close()} always ends it:
 *
 * <pre>{@code
 * try (ChildJvm node = ChildJvm.start(Duration.ofSeconds(30), OtherNode.class, url, schema)) {
 *   assertThat(node.readLine()).isEqualTo("READY");
 *   assertThat(node.ask("STATUS SM1")).isEqualTo("DELIVERED");
 * }
 * }</pre>
 *
 * <p>The child's standard error goes to this JVM's; its standard output is the answers.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Duration timeout;
  private final BufferedReader fromChild;
  private final Writer toChild;
  private final ExecutorService reader;

  private ChildJvm(Process process, Duration timeout) {
    this.process = process;
    this.timeout = timeout;
    this.fromChild =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.toChild = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "child-jvm-reader");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * {@code java -cp … main args}, with this JVM's class path and module path as class path.
   *
   * @param main the class whose {@code main} the child runs
   * @param args the arguments of {@code main}
   * @return the process to start; its standard error is this JVM's
   */
  public static ProcessBuilder of(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath(main));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  /**
   * Starts {@code main} in a child JVM to talk to.
   *
   * @param timeout how long each answer of the child is awaited
   * @param main the class whose {@code main} the child runs
   * @param args the arguments of {@code main}
   * @return the running child; close it to end it
   * @throws UncheckedIOException if the JVM cannot be started
   */
  public static ChildJvm start(Duration timeout, Class<?> main, String... args) {
    try {
      return new ChildJvm(of(main, args).start(), timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for " + main.getName(), e);
    }
  }

  /**
   * Sends {@code command} as one line and returns the child's next line.
   *
   * @param command the line to send
   * @return the child's answer
   * @throws IllegalStateException if the child ends or does not answer in time (it is then ended)
   */
  public String ask(String command) {
    send(command);
    return readLine();
  }

  /**
   * Sends {@code command} as one line without waiting for an answer.
   *
   * @param command the line to send
   * @throws UncheckedIOException if the child no longer reads
   */
  public void send(String command) {
    try {
      toChild.write(command + "\n");
      toChild.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the child JVM no longer reads", e);
    }
  }

  /**
   * The child's next line.
   *
   * @return the line
   * @throws IllegalStateException if the child ends or does not write one in time (it is then
   *     ended)
   */
  public String readLine() {
    Future<@Nullable String> line = reader.submit(fromChild::readLine);
    try {
      String read = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (read == null) {
        throw new IllegalStateException("the child JVM ended without answering");
      }
      return read;
    } catch (TimeoutException e) {
      close();
      throw new IllegalStateException("the child JVM did not answer within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the child JVM's answer", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted waiting for the child JVM", e);
    }
  }

  /** Ends the child at once (if still running) and waits, for a bounded time, until it has. */
  @Override
  public void close() {
    process.destroyForcibly();
    reader.shutdownNow();
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String classPath(Class<?> main) {
    String classPath = System.getProperty("java.class.path");
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath == null) {
      return classPath;
    }
    // Surefire runs a module's tests on the module path: the module and its dependencies are on
    // it, and the test classes are patched into the module, so neither is on java.class.path.
    String testClasses = main.getProtectionDomain().getCodeSource().getLocation().getPath();
    return String.join(File.pathSeparator, testClasses, modulePath, classPath);
  }
}
