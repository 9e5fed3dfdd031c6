package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's schema pages in a real headless Chromium: from the key prompt to a registry, a
 * search, a schema, a version drawn as a tree with its example event, and the diff between two
 * versions, each checked against what the API says. Screenshots go to target/console-screenshots.
 */
@ExtendWith(VertxExtension.class)
class ConsoleSchemaIT {

    private static final String V1 =
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "title": "Order created",
             "type": "object",
             "required": ["orderId", "customer", "total"],
             "properties": {
               "orderId": {"type": "string", "format": "uuid", "description": "The order's id"},
               "customer": {"type": "object", "description": "Who ordered <script>alert(1)</script>",
                 "required": ["email"],
                 "properties": {
                   "email": {"type": "string", "format": "email"},
                   "tier": {"type": "string", "enum": ["gold", "silver"]}}},
               "total": {"type": "number", "minimum": 0},
               "items": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku"],
                 "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}}}},
               "note": {"type": "string"}}}""";

    /** Adds currency, drops note, and narrows total from number to integer. */
    private static final String V2 = V1.replace(
                    "\"note\": {\"type\": \"string\"}",
                    "\"currency\": {\"type\": \"string\", \"enum\": [\"EUR\", \"USD\"]}")
            .replace("\"total\": {\"type\": \"number\"", "\"total\": {\"type\": \"integer\"");

    @Test
    void browsesToASchemaItsTreeAndADiffBetweenVersions(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir.resolve("node"));
                Browser browser = Browser.start(dir.resolve("profile"))) {
            Api api = node.api();
            created(api.put(
                    "/v1/registries/shop", "{\"description\":\"Events of the shop\",\"compatibility\":\"NONE\"}"));
            created(register(api, "order.created", V1, "An order was placed", "[\"orders\",\"checkout\"]"));
            created(register(api, "order.created", V2, "An order was placed", "[\"orders\",\"checkout\"]"));
            created(register(api, "customer.updated", "{\"type\":\"object\"}", "A customer changed", "[]"));
            created(api.put(
                    "/v1/buses/orders",
                    "{\"flush\":\"sync\",\"schemaEnforcement\":\"reject\",\"registry\":\"shop\","
                            + "\"schemas\":[{\"type\":\"order.created\",\"schema\":\"order.created\"}]}"));

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui");
            browser.awaitTitle("Sign in to the console");
            browser.find("key-input").sendKeys(TestNode.KEY);
            browser.find("key-submit").click();

            browser.awaitTitle("Schema registries");
            WebElement registry = browser.find("registry-row");
            assertEquals("shop", registry.getDomAttribute("data-name"));
            assertTrue(registry.getText().contains("Events of the shop"), registry.getText());
            registry.findElement(Browser.byTestId("registry-link")).click();

            browser.awaitTitle("Registry shop");
            List<String> listed = new ArrayList<>();
            api.get("/v1/registries/shop/schemas")
                    .json()
                    .get("schemas")
                    .forEach(s -> listed.add(s.get("name").asText()));
            assertEquals(2, listed.size(), listed.toString());
            assertEquals(listed, names(browser.all("schema-row")), "the page lists what the API lists, in its order");
            browser.find("search-text").sendKeys("changed");
            browser.find("search-submit").click();
            browser.awaitCount("schema-row", 1);
            assertEquals("customer.updated", browser.find("schema-row").getDomAttribute("data-name"));
            assertTrue(browser.currentUrl().contains("q=changed"), browser.currentUrl());
            browser.find("search-text").clear();
            browser.find("search-prefix").sendKeys("order");
            browser.find("search-submit").click();
            browser.awaitText("schema-row", "order.created");
            browser.awaitCount("schema-row", 1);
            WebElement row = browser.find("schema-row");
            assertEquals("order.created", row.getDomAttribute("data-name"));
            assertTrue(row.getText().contains("orders") && row.getText().contains("checkout"), row.getText());
            row.findElement(Browser.byTestId("schema-link")).click();

            browser.awaitTitle("order.created");
            assertEquals(
                    "An order was placed", browser.find("schema-description").getText());
            assertEquals("NONE", browser.find("schema-compatibility").getText());
            assertTrue(browser.find("schema-tags").getText().contains("checkout"));
            assertEquals(List.of("2", "1"), attributes(browser.all("version-item"), "data-version"));
            List<String> usedBy = new ArrayList<>();
            api.get("/v1/registries/shop/schemas/order.created/usage")
                    .json()
                    .get("buses")
                    .forEach(bus -> usedBy.add(bus.asText()));
            assertEquals(List.of("orders"), usedBy, "the bus maps order.created for enforcement");
            assertEquals(usedBy, texts(browser.all("usage-bus")));
            saved(browser.screenshot("schema-summary"));

            browser.all("version-link").get(0).click();
            browser.awaitTitle("order.created · version 2");
            assertNode(browser, "orderId", "string", true, "format: uuid", "The order's id");
            assertNode(browser, "customer", "object", true, "Who ordered <script>alert(1)</script>");
            assertNode(browser, "customer.email", "string", true, "format: email");
            assertNode(browser, "customer.tier", "string", false, "one of: \"gold\", \"silver\"");
            assertNode(browser, "total", "integer", true, "≥ 0");
            assertNode(browser, "items", "array", false, "min items 1");
            assertNode(browser, "items[]", "object", false);
            assertNode(browser, "items[].sku", "string", true);
            assertNode(browser, "items[].quantity", "integer", false, "≥ 1");
            assertNode(browser, "currency", "string", false, "one of: \"EUR\", \"USD\"");
            assertTrue(browser.none("[data-testid='tree-node'][data-path='note']"), "note is gone in version 2");
            String example = browser.find("example-event").getText();
            assertTrue(example.contains("\"type\": \"order.created\"") && example.contains("\"orderId\""), example);
            saved(browser.screenshot("schema-version"));

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui/#/registries/shop/schemas/order.created");
            browser.awaitTitle("order.created");
            new Select(browser.find("diff-from")).selectByValue("1");
            new Select(browser.find("diff-to")).selectByValue("2");
            browser.find("diff-open").click();
            browser.awaitTitle("Changes from version 1 to 2");

            List<String> expected = new ArrayList<>();
            for (JsonNode change : api.get("/v1/registries/shop/schemas/order.created/diff?from=1&to=2")
                    .json()
                    .get("changes")) {
                expected.add(change.get("kind").asText() + " "
                        + change.get("pointer").asText());
            }
            List<String> shown = new ArrayList<>();
            for (WebElement change : browser.all("diff-change")) {
                String kind = change.findElement(Browser.byTestId("diff-kind")).getText();
                String pointer =
                        change.findElement(Browser.byTestId("diff-pointer")).getText();
                assertEquals(change.getDomAttribute("data-kind"), kind.toLowerCase());
                shown.add(change.getDomAttribute("data-kind") + " " + pointer);
            }
            assertEquals(expected, shown, "the page shows every change the API reports, in order");
            assertTrue(shown.contains("added /properties/currency"), shown.toString());
            assertTrue(shown.contains("removed /properties/note"), shown.toString());
            assertTrue(shown.contains("changed /properties/total/type"), shown.toString());
            WebElement changed = browser.element("[data-testid='diff-change'][data-pointer='/properties/total/type']");
            assertEquals(
                    "\"number\"",
                    changed.findElement(Browser.byTestId("diff-before")).getText());
            assertEquals(
                    "\"integer\"",
                    changed.findElement(Browser.byTestId("diff-after")).getText());
            String summary = browser.find("diff-summary").getText();
            assertTrue(
                    summary.contains("1 added") && summary.contains("1 removed") && summary.contains("1 changed"),
                    summary);
            assertFalse(
                    browser.colourOf("[data-kind='added']").equals(browser.colourOf("[data-kind='removed']")),
                    "added and removed rows are told apart by colour too");
            saved(browser.screenshot("schema-diff"));

            browser.open("http://127.0.0.1:" + node.node().port() + "/ui/#/buses");
            browser.awaitTitle("Buses");
            assertEquals(
                    "type order.created → order.created",
                    browser.find("bus-schemas").getText());
        }
    }

    private static Api.Response register(Api api, String schema, String document, String description, String tags) {
        String body = "{\"schema\":" + document + ",\"description\":\"" + description + "\",\"tags\":" + tags + "}";
        return api.post(
                "/v1/registries/shop/schemas/" + schema + "/versions",
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static void created(Api.Response response) {
        assertTrue(response.status() == 200 || response.status() == 201, response.status() + " " + response.text());
    }

    /** The tree row at this path shows the type, the required marker (or not) and each detail. */
    private static void assertNode(Browser browser, String path, String type, boolean required, String... details) {
        WebElement node = browser.element("[data-testid='tree-node'][data-path='" + path + "']");
        WebElement row = node.findElement(By.cssSelector(":scope > details > summary, :scope > .leaf"));
        String text = row.getText();
        assertEquals(type, row.findElement(Browser.byTestId("node-type")).getText(), path + ": " + text);
        assertEquals(
                required, !row.findElements(Browser.byTestId("node-required")).isEmpty(), path + ": " + text);
        for (String detail : details) {
            assertTrue(text.contains(detail), path + " shows '" + detail + "': " + text);
        }
    }

    private static List<String> names(List<WebElement> rows) {
        return attributes(rows, "data-name");
    }

    private static List<String> attributes(List<WebElement> elements, String attribute) {
        return elements.stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    private static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    private static void saved(Path png) throws Exception {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png.toString());
    }
}
