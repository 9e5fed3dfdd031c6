package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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
 * A real headless Chromium driven through the system's chromedriver (Debian's {@code chromium}
 * and {@code chromium-driver}, installed by {@code bin/install-browser-test-deps}). Both
 * executables are given to Selenium explicitly, so Selenium Manager is never asked to find or
 * download a browser or a driver. Each instance has a fresh profile in its own directory.
 *
 * <p>Not thread-safe: one test thread drives one browser.
 */
final class Browser implements AutoCloseable {

    static final String INSTALL_SCRIPT = "bin/install-browser-test-deps";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Selenium warns on every start that it has no DevTools (CDP) binding for this Chromium; the
     * test uses only WebDriver, so the warning is noise. Held here so the level is not collected.
     */
    private static final List<Logger> QUIET = Stream.of("org.openqa.selenium.devtools", "org.openqa.selenium.chromium")
            .map(Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.SEVERE))
            .toList();

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /**
     * Starts Chromium, or fails when it is missing under CI (where the test must run), or skips
     * the test on a developer machine without it, naming the script that installs it.
     */
    static Browser start(Path profileDir) {
        Optional<Path> chromium = executable("chromium", "chromium-browser");
        Optional<Path> chromedriver = executable("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String missing = "chromium and chromedriver are needed on the PATH for the console test (found: chromium="
                    + chromium.map(Path::toString).orElse("no") + ", chromedriver="
                    + chromedriver.map(Path::toString).orElse("no") + "); run " + INSTALL_SCRIPT;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.get().toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1360,1000",
                        "--lang=en-GB",
                        "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(service, new ChromeDriver(service, options));
    }

    private static Optional<Path> executable(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    void open(String url) {
        driver.get(url);
    }

    /** The one element with this data-testid, once it is visible. */
    WebElement find(String testId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(byTestId(testId)));
    }

    /** Every element with this data-testid, once at least one is visible. */
    List<WebElement> all(String testId) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(byTestId(testId)));
        return driver.findElements(byTestId(testId));
    }

    /** The one element matching a CSS selector, once it is visible. */
    WebElement element(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Whether nothing on the page matches the selector now. */
    boolean none(String css) {
        return driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Waits until exactly this many elements carry the data-testid (a list re-rendered). */
    void awaitCount(String testId, int count) {
        wait.until(ExpectedConditions.numberOfElementsToBe(byTestId(testId), count));
    }

    /** The computed background colour of the first element matching the selector. */
    String colourOf(String css) {
        return element(css).getCssValue("background-color");
    }

    /** Waits until the page title (the view's h1) reads exactly this. */
    void awaitTitle(String text) {
        wait.until(ExpectedConditions.textToBe(byTestId("page-title"), text));
    }

    void awaitText(String testId, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(byTestId(testId), text));
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Saves the whole page (the window grown to its height) as a PNG under target/console-screenshots. */
    Path screenshot(String name) {
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int)
                Math.min(Math.max(height + 120, 600), 6000)));
        try {
            Path dir = Path.of("target", "console-screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    static By byTestId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
