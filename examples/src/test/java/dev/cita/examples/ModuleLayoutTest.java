package dev.cita.examples;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published jars as an application on the module path sees them: each Cita module exports its
 * API packages and nothing else, and every module it requires has a stable name. The jars are the
 * ones this test runs with (docs/DESIGN.md, "Java modules").
 */
class ModuleLayoutTest {
  private static final String CORE = "dev.cita.scheduling";

  /**
   * The modules without a module-info, named in their manifests: the core (lib-recur has no module
   * name), the OpenAI adapter (the OpenAI SDK's jars have none) and the Spring Boot starter (every
   * Spring dependency of it is optional).
   */
  private static final Set<String> AUTOMATIC =
      Set.of(CORE, "dev.cita.scheduling.assistant.openai", "dev.cita.scheduling.spring");

  /** The packages each module exports, all to everyone (the automatic core exports all of its). */
  private static final Map<String, Set<String>> EXPORTS =
      Map.ofEntries(
          Map.entry("dev.cita.scheduling.tokens", Set.of("dev.cita.scheduling.tokens")),
          Map.entry("dev.cita.scheduling.testkit", Set.of("dev.cita.scheduling.testkit")),
          Map.entry("dev.cita.scheduling.http", Set.of("dev.cita.scheduling.http")),
          Map.entry(
              "dev.cita.scheduling.assistant",
              Set.of("dev.cita.scheduling.assistant", "dev.cita.scheduling.assistant.tools")),
          Map.entry(
              "dev.cita.scheduling.whatsapp",
              Set.of("dev.cita.scheduling.whatsapp", "dev.cita.scheduling.whatsapp.channel")),
          Map.entry("dev.cita.scheduling.notify.push", Set.of("dev.cita.scheduling.notify.push")),
          Map.entry("dev.cita.scheduling.notify.email", Set.of("dev.cita.scheduling.notify.email")),
          Map.entry("dev.cita.scheduling.micrometer", Set.of("dev.cita.scheduling.micrometer")),
          Map.entry("dev.cita.scheduling.holidays", Set.of("dev.cita.scheduling.holidays")),
          Map.entry("dev.cita.scheduling.ratelimit", Set.of("dev.cita.scheduling.ratelimit")),
          Map.entry("dev.cita.scheduling.jdbc", Set.of("dev.cita.scheduling.jdbc")),
          Map.entry("dev.cita.scheduling.google", Set.of("dev.cita.scheduling.google")),
          Map.entry(
              "dev.cita.scheduling.calendly",
              Set.of("dev.cita.scheduling.calendly", "dev.cita.scheduling.calendly.model")),
          Map.entry(
              "dev.cita.scheduling.calcom",
              Set.of("dev.cita.scheduling.calcom", "dev.cita.scheduling.calcom.api")),
          Map.entry("dev.cita.scheduling.microsoft", Set.of("dev.cita.scheduling.microsoft")));

  private static final Map<String, ModuleReference> CLASS_PATH = modulesOnClassPath();

  @Test
  void everyModuleExportsItsApiPackagesToEveryoneAndNothingElse() {
    for (String name : EXPORTS.keySet()) {
      ModuleDescriptor descriptor = descriptor(name);
      assertThat(descriptor.isAutomatic()).as(name + " has a module-info").isFalse();
      assertThat(descriptor.exports())
          .as(name + " exports")
          .allMatch(e -> !e.isQualified())
          .extracting(ModuleDescriptor.Exports::source)
          .containsExactlyInAnyOrderElementsOf(EXPORTS.get(name));
    }
  }

  @Test
  void theAutomaticModulesAreNamedInTheirManifests() {
    for (String name : AUTOMATIC) {
      ModuleReference module = CLASS_PATH.get(name);
      assertThat(module).as(name + " among " + CLASS_PATH.keySet()).isNotNull();
      assertThat(module.descriptor().isAutomatic()).as(name).isTrue();
      assertThat(automaticModuleName(module)).contains(name);
    }
  }

  @Test
  void everyModuleACitaModuleRequiresHasAStableName() {
    for (ModuleReference module : CLASS_PATH.values()) {
      if (!module.descriptor().name().startsWith(CORE)) {
        continue;
      }
      for (ModuleDescriptor.Requires requires : module.descriptor().requires()) {
        if (ModuleLayer.boot().findModule(requires.name()).isPresent()) {
          continue;
        }
        ModuleReference required = CLASS_PATH.get(requires.name());
        assertThat(required)
            .as(module.descriptor().name() + " requires " + requires.name())
            .isNotNull();
        if (required.descriptor().isAutomatic()) {
          assertThat(automaticModuleName(required))
              .as(requires.name() + " is named in its manifest, not after its file")
              .contains(requires.name());
        }
      }
    }
  }

  @Test
  void theModulesResolveOnTheModulePathAndOnlyTheAutomaticCoreExportsItsInternals() {
    Map<String, Path> paths = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>(EXPORTS.keySet());
    todo.add(CORE);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      ModuleReference module = CLASS_PATH.get(name);
      if (module != null && paths.put(name, Path.of(module.location().orElseThrow())) == null) {
        module.descriptor().requires().forEach(r -> todo.add(r.name()));
      }
    }
    ModuleFinder finder = ModuleFinder.of(paths.values().toArray(Path[]::new));
    Configuration configuration =
        ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), EXPORTS.keySet());
    ModuleLayer layer =
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

    Module google = layer.findModule("dev.cita.scheduling.google").orElseThrow();
    assertThat(google.isExported("dev.cita.scheduling.google")).isTrue();
    assertThat(google.isExported("dev.cita.scheduling.google.internal")).isFalse();
    assertThat(google.getPackages()).contains("dev.cita.scheduling.google.internal");
    // An automatic module exports every package: the core's internals are only left out of its
    // Javadoc.
    Module core = layer.findModule(CORE).orElseThrow();
    assertThat(core.isExported("dev.cita.scheduling.internal")).isTrue();
  }

  private static ModuleDescriptor descriptor(String name) {
    ModuleReference module = CLASS_PATH.get(name);
    assertThat(module).as(name + " among " + CLASS_PATH.keySet()).isNotNull();
    return module.descriptor();
  }

  /** The class path entries as the module path would see them, by module name. */
  private static Map<String, ModuleReference> modulesOnClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .flatMap(
            entry -> {
              try {
                return ModuleFinder.of(Path.of(entry)).findAll().stream();
              } catch (FindException e) {
                return Stream.empty(); // not a module, and nothing this test looks at
              }
            })
        .collect(toMap(m -> m.descriptor().name(), m -> m, (first, second) -> first));
  }

  private static Optional<String> automaticModuleName(ModuleReference module) {
    try (JarFile jar = new JarFile(Path.of(module.location().orElseThrow()).toFile())) {
      return Optional.ofNullable(jar.getManifest())
          .map(m -> m.getMainAttributes().getValue("Automatic-Module-Name"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
