package dev.cita.examples;

/** Shows which secret an example uses without showing the secret. */
final class Secrets {
  private Secrets() {}

  /**
   * The secret reduced to its length and, when it is long enough that they give nothing away, its
   * last four characters: {@code "****…wxyz (40 chars)"}.
   */
  static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "(none)";
    }
    String tail = secret.length() >= 20 ? secret.substring(secret.length() - 4) : "";
    return "****" + tail + " (" + secret.length() + " chars)";
  }
}
