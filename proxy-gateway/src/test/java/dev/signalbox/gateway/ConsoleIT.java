package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against a real node: the key prompt, the bus
 * list (with each bus's limits), rule testing with an explanation and event lookup.
 */
@ExtendWith(VertxExtension.class)
class ConsoleIT {

    @Test
    void asksForTheKeyThenShowsBusesRulesAndEvents(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir.resolve("node"));
                Browser browser = Browser.start(dir.resolve("profile"))) {
            Api api = node.api();
            assertEquals(
                    201,
                    api.put(
                                    "/v1/buses/orders",
                                    "{\"flush\":\"sync\",\"description\":\"Shop <b>orders</b>\","
                                            + "\"limits\":{\"maxEventBytes\":65536,\"maxBatchEntries\":100}}")
                            .status());
            assertEquals(
                    202,
                    api.postEvent(
                                    "orders",
                                    BinaryEvent.json("o-1", "{\"total\": 42}")
                                            .withSource("/shop")
                                            .withType("order.created"))
                            .status());

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui#/buses");
            browser.awaitTitle("Sign in to the console");
            browser.find("key-input").sendKeys("not-the-key");
            browser.find("key-submit").click();
            browser.awaitText("key-status", "did not accept");

            WebElement input = browser.find("key-input");
            input.clear();
            input.sendKeys(TestNode.KEY);
            browser.find("key-submit").click();
            browser.awaitTitle("Buses");
            assertEquals(TestNode.KEY, browser.script("return sessionStorage.getItem('signalbox.apiKey')"));
            assertEquals(
                    0L,
                    browser.script("return localStorage.length + document.cookie.length"),
                    "the key is kept nowhere else");
            WebElement row = browser.find("bus-row");
            assertEquals("orders", row.getDomAttribute("data-name"));
            assertTrue(row.getText().contains("Shop <b>orders</b>"), "API text is shown as text: " + row.getText());
            assertTrue(row.getText().contains("sync"), row.getText());
            // Every limit as it holds: the bus's own and, for the rest, the node's defaults.
            WebElement limits = browser.find("bus-limits");
            Map<String, String> shown = new java.util.TreeMap<>();
            limits.findElements(org.openqa.selenium.By.cssSelector("li"))
                    .forEach(li -> shown.put(li.getDomAttribute("data-limit"), li.getText()));
            assertEquals(
                    Map.of(
                            "maxEventBytes", "event ≤ 64 KiB",
                            "maxBatchEntries", "batch ≤ 100 entries",
                            "maxBatchBytes", "batch ≤ 4,000 KiB",
                            "maxHeaderBytes", "headers ≤ 64 KiB"),
                    shown,
                    limits.getText());
            assertEquals(
                    api.get("/v1/buses/orders")
                                    .json()
                                    .at("/limits/maxBatchBytes")
                                    .asInt()
                            / 1024,
                    4000,
                    "the node's default batch body limit, as the API gives it");

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui/#/test-rule");
            browser.awaitTitle("Test a rule");
            browser.find("rule-submit").click();
            WebElement outcome = browser.find("rule-outcome");
            assertEquals("false", outcome.getDomAttribute("data-result"), "the sample's total 42 is not > 100");
            assertTrue(browser.find("rule-reason").getText().length() > 0);
            assertTrue(outcome.getText().contains("/data/total"), outcome.getText());
            // The same event against a CloudEvents SQL filter: the sample has no 'tier' attribute.
            browser.find("rule-filter").sendKeys("type = 'order.created' AND tier = 'gold'");
            browser.find("rule-submit").click();
            browser.awaitText("rule-outcome", "The filter does not match");
            String filtered = browser.find("rule-outcome").getText();
            assertTrue(filtered.contains("MISSING_ATTRIBUTE"), filtered);

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui/#/events");
            browser.awaitTitle("Find an event");
            new Select(browser.find("event-bus")).selectByValue("orders");
            browser.find("event-id").sendKeys("o-1");
            browser.find("event-submit").click();
            browser.awaitText("event-json", "\"order.created\"");
            assertTrue(browser.find("event-json").getText().contains("\"total\": 42"));
            browser.screenshot("event-lookup");

            browser.find("forget-key").click();
            browser.awaitTitle("Sign in to the console");
            assertEquals(null, browser.script("return sessionStorage.getItem('signalbox.apiKey')"));
        }
    }
}
