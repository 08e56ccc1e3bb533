package dev.cita.scheduling.jdbc;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test's {@code main} class in a new JVM that has every class this JVM has. */
final class ChildJvm {
  private ChildJvm() {}

  /** {@code java -cp … main args}, with this JVM's class path and module path as class path. */
  static ProcessBuilder of(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath(main));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static String classPath(Class<?> main) {
    String classPath = System.getProperty("java.class.path");
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath == null) {
      return classPath;
    }
    // Surefire runs this module's tests on the module path: the module and its dependencies are on
    // it, and the test classes are patched into the module, so neither is on java.class.path.
    String testClasses = main.getProtectionDomain().getCodeSource().getLocation().getPath();
    return String.join(File.pathSeparator, testClasses, modulePath, classPath);
  }
}
