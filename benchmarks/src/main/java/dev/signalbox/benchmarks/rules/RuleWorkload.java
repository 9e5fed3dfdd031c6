package dev.signalbox.benchmarks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The rules and events the rules benchmarks run: deterministic for a seed and a rule count.
 *
 * <p>Events are CloudEvents in their matching form, about 1 KiB each: attributes plus an order in
 * {@code data} (customer, amount, items, shipping, tags). Rules come in four shapes of 3 to 5
 * fields, mixing exact values, prefixes, numeric ranges and anything-but, as a bus of many tenants
 * would hold them: each rule has one selective condition (a customer, an order family, a narrow
 * amount band, a SKU) beside wide ones (a source, a currency, {@code amount > 100}, anything-but
 * a region). The selective vocabularies are a fifth of the rule count and the amount bands are
 * ten times as wide as the range over the rule count, so each event meets the selective condition
 * of about eight rules, and matches about two, at every size: what grows with the rule count is
 * only the number of rules that must stay asleep.
 *
 * <p>Not thread-safe; build once per benchmark setup.
 */
final class RuleWorkload {
    static final int EVENTS = 1_024;
    private static final String[] SERVICES = {
        "orders", "billing", "shipping", "catalog", "accounts", "payments", "returns", "reviews", "search", "stock"
    };
    private static final String[] KINDS = {"created", "updated", "paid", "shipped", "cancelled", "refunded"};
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"};
    private static final String[] CHANNELS = {"web", "app", "store", "partner"};
    private static final String[] STATUSES = {"new", "open", "held", "done", "failed"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
    private static final String[] METHODS = {"express", "standard", "pickup"};
    private static final double AMOUNT_RANGE = 10_000;

    final List<String> rules = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    private final int size;
    /** How many customers, order families and SKUs there are: a fifth of the rules. */
    private final int selective;

    private final Random random;

    RuleWorkload(int ruleCount, long seed) {
        this.size = Math.max(ruleCount, 1);
        this.selective = Math.max(1, size / 5);
        this.random = new Random(seed);
        for (int i = 0; i < ruleCount; i++) {
            rules.add(rule(i));
        }
        for (int i = 0; i < EVENTS; i++) {
            events.add(event(i));
        }
    }

    private String rule(int i) {
        return switch (i % 5) {
            case 0, 1 -> customerRule(i);
            case 2 -> orderFamilyRule(i);
            case 3 -> amountBandRule(i);
            default -> skuRule(i);
        };
    }

    // source prefix + exact customer + tier list + wide range + anything-but
    private String customerRule(int i) {
        return String.format(
                Locale.ROOT,
                "{\"source\":[{\"prefix\":\"com.example.\"}],\"data\":{\"customer\":{\"id\":[\"cust-%d\"],"
                        + "\"tier\":[\"gold\",\"silver\"]},\"amount\":[{\"numeric\":[\">\",%d]}],"
                        + "\"region\":[{\"anything-but\":[\"%s\",\"%s\"]}]}}",
                random.nextInt(selective),
                50 * random.nextInt(50),
                pick(REGIONS),
                pick(REGIONS));
    }

    // prefix on the order id + currencies + range on quantity
    private String orderFamilyRule(int i) {
        return String.format(
                Locale.ROOT,
                "{\"data\":{\"orderId\":[{\"prefix\":\"ord-%d-\"}],\"currency\":[\"%s\",\"%s\"],"
                        + "\"quantity\":[{\"numeric\":[\">=\",1,\"<\",%d]}]}}",
                random.nextInt(selective),
                pick(CURRENCIES),
                pick(CURRENCIES),
                2 + random.nextInt(20));
    }

    // narrow amount band + exact channel + anything-but status + prefix on the source
    private String amountBandRule(int i) {
        double width = Math.min(10 * AMOUNT_RANGE / size, AMOUNT_RANGE / 2);
        double low = random.nextDouble() * (AMOUNT_RANGE - width);
        return String.format(
                Locale.ROOT,
                "{\"source\":[{\"prefix\":\"com.example.\"}],\"data\":{\"amount\":[{\"numeric\":[\">=\",%.2f,\"<\",%.2f]}],"
                        + "\"channel\":[\"%s\"],\"status\":[{\"anything-but\":\"%s\"}]}}",
                low,
                low + width,
                pick(CHANNELS),
                pick(STATUSES));
    }

    // exact specversion + exact sku and price range in one item (array consistency) + anything-but
    private String skuRule(int i) {
        return String.format(
                Locale.ROOT,
                "{\"specversion\":[\"1.0\"],\"data\":{\"items\":{\"sku\":[\"sku-%d\"],"
                        + "\"price\":[{\"numeric\":[\"<=\",%d]}]},\"shipping\":{\"method\":[{\"anything-but\":[\"%s\"]}]}}}",
                random.nextInt(selective),
                50 + random.nextInt(400),
                pick(METHODS));
    }

    private String event(int i) {
        String service = pick(SERVICES);
        StringBuilder items = new StringBuilder("[");
        for (int k = 0; k < 3; k++) {
            items.append(k == 0 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"sku\":\"sku-%d\",\"price\":%.2f,\"qty\":%d,\"name\":\"Item %d of order\"}",
                            random.nextInt(selective),
                            5 + random.nextDouble() * 495,
                            1 + random.nextInt(4),
                            k));
        }
        items.append(']');
        String json = String.format(
                Locale.ROOT,
                "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"com.example.%s\",\"type\":\"com.example.%s.%s\","
                        + "\"subject\":\"orders/%d\",\"time\":\"2025-03-%02dT10:%02d:00Z\",\"datacontenttype\":\"application/json\","
                        + "\"tenant\":\"tenant-%d\",\"data\":{\"orderId\":\"ord-%d-%d\",\"customer\":{\"id\":\"cust-%d\","
                        + "\"tier\":\"%s\",\"country\":\"%s\",\"segment\":\"smb\",\"email\":\"customer%d@example.com\"},"
                        + "\"amount\":%.2f,\"currency\":\"%s\",\"quantity\":%d,\"region\":\"%s\",\"channel\":\"%s\","
                        + "\"status\":\"%s\",\"items\":%s,\"shipping\":{\"method\":\"%s\",\"city\":\"Berlin\",\"zip\":\"10115\","
                        + "\"street\":\"Invalidenstrasse 117\"},\"tags\":[\"spring-sale\",\"newsletter\",\"loyalty\"],"
                        + "\"priority\":%d,\"flags\":{\"gift\":%b,\"test\":false},\"note\":\"Leave the parcel with the"
                        + " neighbour if nobody answers the door.\"}}",
                java.util.UUID.nameUUIDFromBytes(("e" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                service,
                service,
                pick(KINDS),
                i,
                1 + i % 28,
                i % 60,
                random.nextInt(100),
                random.nextInt(selective),
                random.nextInt(1000),
                random.nextInt(selective),
                pick(new String[] {"gold", "silver", "bronze"}),
                pick(new String[] {"DE", "FR", "US", "JP"}),
                i,
                random.nextDouble() * AMOUNT_RANGE,
                pick(CURRENCIES),
                1 + random.nextInt(20),
                pick(REGIONS),
                pick(CHANNELS),
                pick(STATUSES),
                items,
                pick(METHODS),
                random.nextInt(5),
                random.nextBoolean());
        return json;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
