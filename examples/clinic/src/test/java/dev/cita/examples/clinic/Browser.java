package dev.cita.examples.clinic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium through Debian's {@code chromium} and {@code chromium-driver} packages; the
 * tests are skipped, saying why, when the driver is not installed.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /**
   * Where the screenshots go: {@code target/screenshots}, or the repository's {@code
   * docs/screenshots} (the README's pictures) with {@code -Dclinic.screenshots.update=true}. The
   * tests run in examples/clinic.
   */
  static final Path SCREENSHOTS =
      Boolean.getBoolean("clinic.screenshots.update")
          ? Path.of("../../docs/screenshots")
          : Path.of("target/screenshots");

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  /** Skips the calling test unless chromedriver and chromium are installed. */
  static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "Browser tests skipped: /usr/bin/chromedriver or /usr/bin/chromium is missing (Debian:"
            + " apt-get install chromium chromium-driver; .ci/run installs them)");
  }

  static Browser open(String base) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=es-CL",
        "--window-size=1280,900");
    // Accept-Language: the starter's own pages (the connect link's) answer in Spanish.
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "es-CL,es"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new Browser(new ChromeDriver(service, options), base);
  }

  void go(String path) {
    driver.get(base + path);
  }

  WebElement find(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void type(By by, String text) {
    WebElement field = find(by);
    field.clear();
    field.sendKeys(text);
  }

  void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  /** Waits until the page's text contains {@code text}, reloading it each time. */
  String awaitText(String path, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      go(path);
      body = find(By.tagName("body")).getText();
      if (body.contains(text)) {
        return body;
      }
      sleep(300);
    }
    throw new AssertionError("no \"" + text + "\" on " + path + " after 20 s:\n" + body);
  }

  void screenshot(String name, int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    sleep(300);
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
