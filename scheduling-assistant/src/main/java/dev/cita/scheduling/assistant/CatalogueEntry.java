package dev.cita.scheduling.assistant;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Checks shared by the catalogue's entries: a display name and the words customers use. */
final class CatalogueEntry {
  /** The longest name or alias, in characters. */
  static final int MAX_NAME = 100;

  private CatalogueEntry() {}

  static String name(String name, String field) {
    return Checks.noControlCharacters(
        Checks.maxLength(Checks.notBlank(name, field), MAX_NAME, field), field);
  }

  /**
   * The name and the aliases as the matcher compares them (folded, normalized), without repeats; an
   * alias that folds to nothing (only punctuation) is refused.
   */
  static List<String> words(String name, List<String> aliases, String field) {
    Checks.notNull(aliases, field);
    LinkedHashSet<String> out = new LinkedHashSet<>();
    out.add(key(name, field));
    for (int i = 0; i < aliases.size(); i++) {
      out.add(key(name(aliases.get(i), field + "[" + i + "]"), field + "[" + i + "]"));
    }
    return List.copyOf(new ArrayList<>(out));
  }

  private static String key(String text, String field) {
    String key = Words.normalize(text);
    if (key.isEmpty()) {
      throw new ValidationException(field, "must contain a letter or a digit");
    }
    return key;
  }
}
