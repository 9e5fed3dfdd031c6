package dev.signalbox.gateway.bus;

/** Hears of buses coming and going, after the change is durable. Called on a Vert.x context. */
public interface CatalogListener {

    void busCreated(BusState bus);

    void busDeleted(BusState bus);

    /**
     * The bus went from no enabled rule to some: its {@link BusState#routeFrom() route mark} is
     * set and routing starts there. Events appended meanwhile may not have woken anyone.
     */
    default void rulesEnabled(BusState bus) {}
}
