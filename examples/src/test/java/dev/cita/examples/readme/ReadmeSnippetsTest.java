package dev.cita.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps every Java block of README.md and docs/*.md identical to the compiled source it is taken
 * from. A block is preceded by {@code <!-- snippet: path -->}, the repository path of a Java file;
 * the block is that file without its {@code package} line (trailing spaces and a common indentation
 * aside).
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)\\s*-->");
  private static final Path SNIPPETS = Path.of("examples/src/main/java/dev/cita/examples/readme");

  /** One fenced Java block: where it is, the source its marker names (null if none), its lines. */
  record Block(String document, int line, String source, List<String> lines) {
    String where() {
      return document + ":" + line;
    }
  }

  @Test
  void everyJavaBlockNamesItsSource() {
    assertThat(blocks())
        .as("Java blocks without a <!-- snippet: path --> line before them")
        .filteredOn(b -> b.source() == null)
        .extracting(Block::where)
        .isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockIsItsSource() {
    return blocks().stream()
        .filter(b -> b.source() != null)
        .map(
            b ->
                DynamicTest.dynamicTest(
                    b.where() + " " + Path.of(b.source()).getFileName(),
                    () -> {
                      Path file = ROOT.resolve(b.source());
                      assertThat(file)
                          .as(b.where() + " names a source that does not exist")
                          .isRegularFile();
                      List<String> expected = normalise(withoutPackage(read(file)));
                      List<String> actual = normalise(b.lines());
                      if (!expected.equals(actual)) {
                        throw new AssertionError(
                            b.where()
                                + " differs from "
                                + b.source()
                                + " (- source, + "
                                + b.document()
                                + "):\n"
                                + diff(expected, actual));
                      }
                    }));
  }

  @Test
  void everySnippetSourceIsShown() throws IOException {
    List<String> shown = blocks().stream().map(Block::source).toList();
    try (Stream<Path> files = Files.list(ROOT.resolve(SNIPPETS))) {
      assertThat(
              files
                  .map(f -> SNIPPETS.resolve(f.getFileName()).toString().replace('\\', '/'))
                  .filter(f -> !shown.contains(f)))
          .as("sources under " + SNIPPETS + " no document shows")
          .isEmpty();
    }
  }

  @Test
  void blocksAreFoundWithTheirMarkerAndDifferencesAreShownLineByLine() {
    List<Block> found =
        blocks(
            "X.md",
            List.of(
                "<!-- snippet: a/B.java -->",
                "",
                "```java",
                "int x;",
                "```",
                "text",
                "```java",
                "y",
                "```"));
    assertThat(found).extracting(Block::source).containsExactly("a/B.java", null);
    assertThat(found).extracting(Block::where).containsExactly("X.md:3", "X.md:7");
    assertThat(normalise(List.of("", "    a  ", "      b", ""))).containsExactly("a", "  b");
    assertThat(diff(List.of("1", "2", "3", "a", "b", "c"), List.of("1", "2", "3", "a", "B", "c")))
        .isEqualTo("  ...\n  3\n  a\n- b\n+ B\n  c\n");
  }

  /** The Java blocks of README.md and docs/*.md, in order. */
  static List<Block> blocks() {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path document : documents) {
      blocks.addAll(
          blocks(ROOT.relativize(document).toString().replace('\\', '/'), read(document)));
    }
    return blocks;
  }

  static List<Block> blocks(String document, List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    String previous = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```java")) {
        Matcher marker = MARKER.matcher(previous);
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).strip().equals("```")) {
          end++;
        }
        blocks.add(
            new Block(
                document,
                i + 1,
                marker.matches() ? marker.group(1) : null,
                lines.subList(i + 1, end)));
        i = end;
        previous = "";
      } else if (!line.isEmpty()) {
        previous = line;
      }
    }
    return blocks;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> withoutPackage(List<String> lines) {
    return lines.stream().dropWhile(l -> !l.startsWith("package ")).skip(1).toList();
  }

  /**
   * Without trailing spaces, leading and trailing blank lines, and indentation common to all lines.
   */
  static List<String> normalise(List<String> lines) {
    List<String> stripped = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
    while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
      stripped.remove(0);
    }
    while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
      stripped.remove(stripped.size() - 1);
    }
    int indent =
        stripped.stream()
            .filter(l -> !l.isEmpty())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
  }

  /**
   * A line diff by longest common subsequence: {@code -} only in {@code a}, {@code +} only in
   * {@code b}, with two unchanged lines around each change.
   */
  static String diff(List<String> a, List<String> b) {
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        lines.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        lines.add("- " + a.get(i++));
      } else {
        lines.add("+ " + b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    boolean skipped = false;
    for (int k = 0; k < lines.size(); k++) {
      boolean nearChange = false;
      for (int n = Math.max(0, k - 2); n <= Math.min(lines.size() - 1, k + 2); n++) {
        nearChange |= !lines.get(n).startsWith("  ");
      }
      if (nearChange) {
        out.append(skipped ? "  ...\n" : "").append(lines.get(k)).append('\n');
      }
      skipped = !nearChange;
    }
    return out.toString();
  }
}
