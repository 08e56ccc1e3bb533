package dev.cita.scheduling.assistant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a reply to "¿Te la reservo?" / "Shall I book it?" as {@link Answer#YES}, {@link Answer#NO}
 * or {@link Answer#UNCLEAR}: deterministic and conservative, because a YES books.
 *
 * <p>The reply is cut into words (lower case, accents optional, "siii" read as "si") and emoji, and
 * each is sorted into a small table: affirmations ("sí", "ya", "dale", "ok", "yes", 👍), negations
 * ("no", "nica", "not", 👎), hedges ("quizás", "capaz", "maybe", "I guess", 🤔), contrasts ("pero",
 * "but", "aunque", "mejor", "wait"), and politeness that changes nothing ("por favor", "po",
 * "please", 🙂). Phrases are matched before words ("claro que no", "de una", "no problem").
 *
 * <ul>
 *   <li>YES only when the reply has an affirmation and nothing but affirmations and politeness: no
 *       negation, question mark, hedge, contrast or any other word ("sí, a las 10" is not a bare
 *       yes).
 *   <li>NO when it has a negation and no affirmation ("no po", "mejor no", "ni cagando"), or when a
 *       contrast turns an affirmation into a later negation ("sí, pero no", "ok, mejor no").
 *   <li>UNCLEAR otherwise: questions ("¿y a otra hora?"), hedges, mixed answers ("yes, no wait",
 *       "sure, not"), anything longer than {@link #MAX_LENGTH} characters. The assistant asks
 *       again.
 * </ul>
 */
final class YesNoReader {
  /**
   * Replies longer than this are UNCLEAR unread: a yes or a no is short, and this bounds the work.
   */
  static final int MAX_LENGTH = 200;

  /** How a reply to a yes-or-no question reads. */
  enum Answer {
    YES,
    NO,
    UNCLEAR
  }

  private enum Kind {
    YES,
    NO,
    HEDGE,
    CONTRAST,
    POLITE,
    OTHER
  }

  private static final Map<String, Kind> WORDS = new HashMap<>();

  /** The words again, keyed by their letters with repeats collapsed, for "siii", "noo", "dalee". */
  private static final Map<String, Kind> COLLAPSED = new HashMap<>();

  /** Phrases, longest first. */
  private static final List<Phrase> PHRASES = new ArrayList<>();

  private static final Map<Integer, Kind> EMOJI = new HashMap<>();

  /** "don't" → "dont". */
  private static final Pattern APOSTROPHE = Pattern.compile("(\\p{L})['’](\\p{L})");

  private static final Pattern REPEATS = Pattern.compile("(.)\\1+");

  static {
    words(
        Kind.YES,
        "si",
        "sii",
        "sip",
        "sipo",
        "ya",
        "yap",
        "yapo",
        "dale",
        "ok",
        "okay",
        "oka",
        "okey",
        "okis",
        "vale",
        "claro",
        "obvio",
        "obviamente",
        "perfecto",
        "perfecta",
        "listo",
        "lista",
        "bueno",
        "correcto",
        "confirmo",
        "confirmado",
        "confirmar",
        "genial",
        "excelente",
        "bacan",
        "reservala",
        "reservamela",
        "agendala",
        "agendamela",
        "yes",
        "yep",
        "yeah",
        "yup",
        "sure",
        "confirm",
        "confirmed",
        "great",
        "perfect",
        "absolutely",
        "definitely",
        "certainly",
        "alright",
        "fine",
        "cool",
        "okie");
    words(
        Kind.NO,
        "no",
        "nop",
        "nope",
        "nah",
        "nel",
        "not",
        "never",
        "nunca",
        "jamas",
        "negativo",
        "nica",
        "ni",
        "nada",
        "dont",
        "cant",
        "cannot",
        "wont");
    words(
        Kind.HEDGE,
        "quizas",
        "quiza",
        "talvez",
        "capaz",
        "depende",
        "creo",
        "supongo",
        "igual",
        "maybe",
        "perhaps",
        "probably",
        "probablemente",
        "guess",
        "suppose",
        "think",
        "unsure",
        "m",
        "hm",
        "eh",
        "em",
        "uh",
        "um",
        "uhm",
        "ehm");
    words(
        Kind.CONTRAST,
        "pero",
        "aunque",
        "mejor",
        "espera",
        "esperate",
        "sino",
        "but",
        "although",
        "though",
        "wait",
        "however",
        "instead",
        "hold");
    words(
        Kind.POLITE,
        "por",
        "favor",
        "porfa",
        "porfis",
        "porfavor",
        "gracias",
        "muchas",
        "mil",
        "po",
        "pues",
        "nomas",
        "entonces",
        "hola",
        "buenas",
        "buenos",
        "dias",
        "tardes",
        "noches",
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "thx",
        "you",
        "so",
        "then",
        "hi",
        "hey",
        "hello",
        "oh",
        "ah");
    phrases(
        Kind.YES,
        "de una",
        "de acuerdo",
        "esta bien",
        "ta bien",
        "me sirve",
        "me parece bien",
        "por supuesto",
        "claro que si",
        "obvio que si",
        "por supuesto que si",
        "sin duda",
        "sure thing",
        "of course",
        "sounds good",
        "sounds great",
        "go ahead",
        "do it",
        "that works",
        "works for me",
        "all right");
    phrases(
        Kind.NO,
        "claro que no",
        "obvio que no",
        "por supuesto que no",
        "of course not",
        "no me sirve",
        "no esta bien",
        "not ok",
        "not okay",
        "not good",
        "not great",
        "not fine",
        "no gracias",
        "no thanks");
    phrases(
        Kind.HEDGE,
        "tal vez",
        "puede ser",
        "a lo mejor",
        "no se",
        "no estoy seguro",
        "no estoy segura",
        "not sure",
        "i guess",
        "let me",
        "ni idea",
        "no idea",
        "no problem",
        "no hay problema",
        "sin problema",
        "no worries",
        "why not",
        "como no",
        "por que no",
        "porque no");
    PHRASES.sort(Comparator.comparingInt((Phrase p) -> p.words().size()).reversed());
    emoji(Kind.YES, "👍", "👌", "✅", "✔", "☑", "🙌", "👏", "💯", "🆗");
    emoji(Kind.NO, "👎", "❌", "✖", "🚫", "⛔", "🙅");
    emoji(Kind.HEDGE, "🤔", "🤷", "😕", "😐", "🫤");
    emoji(
        Kind.POLITE,
        "🙂",
        "😊",
        "😀",
        "😃",
        "😄",
        "😁",
        "🙏",
        "❤",
        "♥",
        "😉",
        "☺",
        "🥰",
        "😍",
        "🤗",
        "✨",
        "🎉");
  }

  private record Phrase(List<String> words, List<String> collapsed, Kind kind) {}

  private YesNoReader() {}

  /** How {@code text}, the customer's whole reply, reads. */
  static Answer read(String text) {
    if (text.length() > MAX_LENGTH) {
      return Answer.UNCLEAR;
    }
    List<String> words = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    if (!split(text, words, kinds)) {
      return Answer.UNCLEAR;
    }
    List<Kind> read = classify(words, kinds);
    int lastYes = read.lastIndexOf(Kind.YES);
    int lastNo = read.lastIndexOf(Kind.NO);
    if (read.contains(Kind.HEDGE) || (lastYes < 0 && lastNo < 0)) {
      return Answer.UNCLEAR;
    }
    if (lastNo < 0) {
      boolean bare = read.stream().allMatch(k -> k == Kind.YES || k == Kind.POLITE);
      return bare ? Answer.YES : Answer.UNCLEAR;
    }
    if (lastYes < 0) {
      return Answer.NO;
    }
    // Both: "sí, pero no" retracts the yes; "yes, no wait" and "sure, not" are unclear.
    boolean retracted = lastNo > lastYes && read.subList(lastYes, lastNo).contains(Kind.CONTRAST);
    return retracted ? Answer.NO : Answer.UNCLEAR;
  }

  /**
   * Cuts the text into words (in {@code words}, with a null kind) and known emoji (with their
   * kind); false if it asks a question.
   */
  private static boolean split(String text, List<String> words, List<Kind> kinds) {
    String s = APOSTROPHE.matcher(Words.fold(text)).replaceAll("$1$2");
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        word.appendCodePoint(c);
        continue;
      }
      flush(word, words, kinds);
      if (c == '?' || c == '¿' || c == '？') {
        return false;
      }
      Kind emoji = EMOJI.get(c);
      if (emoji != null) {
        words.add(null);
        kinds.add(emoji);
      } else if (Character.getType(c) == Character.OTHER_SYMBOL && !isModifier(c)) {
        words.add(null);
        kinds.add(Kind.OTHER);
      }
    }
    flush(word, words, kinds);
    return true;
  }

  /** Skin tones, variation selectors and joiners that follow an emoji change nothing. */
  private static boolean isModifier(int c) {
    return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0F || c == 0x200D;
  }

  private static void flush(StringBuilder word, List<String> words, List<Kind> kinds) {
    if (word.length() > 0) {
      words.add(word.toString());
      kinds.add(null);
      word.setLength(0);
    }
  }

  /** One kind per phrase, word or emoji, in order. */
  private static List<Kind> classify(List<String> words, List<Kind> kinds) {
    List<String> collapsed = words.stream().map(w -> w == null ? "" : collapse(w)).toList();
    List<Kind> read = new ArrayList<>();
    int i = 0;
    next:
    while (i < words.size()) {
      if (kinds.get(i) != null) {
        read.add(kinds.get(i++));
        continue;
      }
      for (Phrase phrase : PHRASES) {
        if (matches(words, collapsed, i, phrase)) {
          read.add(phrase.kind());
          i += phrase.words().size();
          continue next;
        }
      }
      read.add(word(words.get(i), collapsed.get(i)));
      i++;
    }
    return read;
  }

  /**
   * True if the words from {@code at} on are the phrase (its words as written, or with repeats
   * collapsed).
   */
  private static boolean matches(
      List<String> words, List<String> collapsed, int at, Phrase phrase) {
    if (at + phrase.words().size() > words.size()) {
      return false;
    }
    for (int j = 0; j < phrase.words().size(); j++) {
      String w = words.get(at + j);
      if (w == null
          || !(w.equals(phrase.words().get(j))
              || collapsed.get(at + j).equals(phrase.collapsed().get(j)))) {
        return false;
      }
    }
    return true;
  }

  private static Kind word(String w, String collapsed) {
    Kind kind = WORDS.get(w);
    return kind != null ? kind : COLLAPSED.getOrDefault(collapsed, Kind.OTHER);
  }

  /** "siiii" → "si", "noo" → "no". */
  private static String collapse(String w) {
    return REPEATS.matcher(w).replaceAll("$1");
  }

  private static void words(Kind kind, String... words) {
    for (String w : words) {
      WORDS.put(w, kind);
      COLLAPSED.putIfAbsent(collapse(w), kind);
    }
  }

  private static void phrases(Kind kind, String... phrases) {
    for (String p : phrases) {
      List<String> words = Arrays.asList(p.split(" "));
      PHRASES.add(new Phrase(words, words.stream().map(YesNoReader::collapse).toList(), kind));
    }
  }

  private static void emoji(Kind kind, String... emoji) {
    for (String e : emoji) {
      EMOJI.put(e.codePointAt(0), kind);
    }
  }
}
