package dev.cita.scheduling.whatsapp;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.testkit.Race;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The second node of {@link TwoJvmsOneDatabaseTest}, in a JVM of its own: builds a {@link
 * WhatsAppNode} over the PostgreSQL schema and fake Twilio named by its arguments, prints {@code
 * READY}, then answers one line per command read from standard input until it ends:
 *
 * <ul>
 *   <li>{@code INBOUND <sid> <text>}: takes the customer's signed message; answers the HTTP status
 *   <li>{@code STATUS <sid>}: the message's status as this node reads it, or {@code NONE}
 *   <li>{@code SEND <key>}: sends the reminder with that idempotency key; answers the SID
 *   <li>{@code RACE <n> <key>}: readies {@code n} threads sending the reminder, answers {@code
 *       ARMED}, starts them all on the next line ({@code GO}) and answers {@code RACED} and each
 *       thread's SID or {@code REFUSED}
 * </ul>
 *
 * <p>A failing command answers {@code ERROR} and the exception; logs go to standard error.
 */
public final class WhatsAppNodeMain {
  private static final long TIMEOUT_SECONDS = 60;

  private WhatsAppNodeMain() {}

  /**
   * Runs the node.
   *
   * @param args the JDBC URL of the database, the schema, and the fake Twilio's base URL
   * @throws Exception if standard input cannot be read
   */
  public static void main(String[] args) throws Exception {
    PrintStream answers = System.out;
    System.setOut(System.err); // nothing but answers on standard output
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (HikariDataSource pool = TestDatabases.pool(args[0], args[1])) {
      WhatsAppNode node = WhatsAppNode.over(pool, false, args[2]);
      answers.println("READY");
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String answer;
        try {
          answer = answer(node, line.split(" ", 3), commands, answers);
        } catch (Exception e) {
          answer = "ERROR " + e;
        }
        answers.println(answer);
      }
    }
  }

  private static String answer(
      WhatsAppNode node, String[] command, BufferedReader commands, PrintStream answers)
      throws Exception {
    switch (command[0]) {
      case "INBOUND":
        return String.valueOf(
            node.receive(
                SignedForms.inbound(
                    command[1], WhatsAppNode.CUSTOMER, WhatsAppNode.BUSINESS, command[2])));
      case "STATUS":
        return node.status(command[1]).map(Enum::name).orElse("NONE");
      case "SEND":
        return send(node, command[1]);
      case "RACE":
        return race(node, Integer.parseInt(command[1]), command[2], commands, answers);
      default:
        throw new IllegalArgumentException("unknown command " + command[0]);
    }
  }

  private static String send(WhatsAppNode node, String key) {
    return node.channel().send(WhatsAppNode.reminder(key)).channelMessageId().orElse("NONE");
  }

  private static String race(
      WhatsAppNode node, int threads, String key, BufferedReader commands, PrintStream answers)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    // Call 0 starts the others when the parent says GO; they are all started by then.
    List<Race.Outcome<String>> outcomes =
        Race.run(
            threads + 1,
            i ->
                () -> {
                  if (i == 0) {
                    answers.println("ARMED");
                    String start = commands.readLine();
                    go.countDown();
                    return String.valueOf(start);
                  }
                  if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no GO");
                  }
                  return send(node, key);
                });
    if (!"GO".equals(outcomes.get(0).value())) {
      throw new IllegalStateException("expected GO, read " + outcomes.get(0).value());
    }
    StringBuilder raced = new StringBuilder("RACED");
    // A send refused while the first is in flight threw.
    outcomes.stream()
        .skip(1)
        .forEach(o -> raced.append(' ').append(o.succeeded() ? o.value() : "REFUSED"));
    return raced.toString();
  }
}
