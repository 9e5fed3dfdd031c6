package dev.signalbox.gateway.bus;

/** Hears of buses coming and going, after the change is durable. Called on a Vert.x context. */
public interface CatalogListener {

    void busCreated(BusState bus);

    void busDeleted(BusState bus);
}
