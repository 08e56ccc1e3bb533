package dev.cita.examples.clinic;

import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key that seals the branches' OAuth tokens, when {@code cita.tokens.keyset} is not set: made
 * on first start and kept in cleartext in {@code clinic.keyset-file}, so that a restart can still
 * read the tokens. A demo convenience only: a real deployment passes its keyset (or a KMS-wrapped
 * one) through the environment.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${cita.tokens.keyset:}'.isEmpty()")
public class DemoKeyset {
  private static final Logger log = LoggerFactory.getLogger(DemoKeyset.class);

  /**
   * {@return the keyset read from the demo's file, or a new one written there}
   *
   * @param properties the demo's settings
   */
  @Bean
  public TokenKeyset demoTokenKeyset(ClinicProperties properties) {
    Path file = Path.of(properties.getKeysetFile());
    try {
      if (Files.exists(file)) {
        return TokenKeyset.insecureFromCleartextJson(Files.readString(file));
      }
      TokenKeyset keyset = TokenKeyset.generate();
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, keyset.insecureToCleartextJson());
      log.warn(
          "Made a demo token keyset in {} (cleartext): set cita.tokens.keyset outside a demo",
          file);
      return keyset;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the demo keyset " + file, e);
    }
  }
}
