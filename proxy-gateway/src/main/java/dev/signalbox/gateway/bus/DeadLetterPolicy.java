package dev.signalbox.gateway.bus;

/**
 * Where a target's undeliverable events go: the bus's dead-letter queue (the default, listed and
 * redriven through {@code /v1/buses/{bus}/dead-letters}), or nowhere ({@code none}: dropped,
 * still counted in the metrics and shown in the event's delivery timeline).
 */
public enum DeadLetterPolicy {
    BUS("bus"),
    NONE("none");

    private final String wireName;

    DeadLetterPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
