/**
 * The schema registry: registries, schemas and their versions, compatibility checks, validation
 * of events and schema discovery. Plain Java on event-core: the gateway wires it to HTTP, to the
 * ingest path and to the node's document store (through {@link dev.signalbox.schema.RegistryRepository}).
 */
package dev.signalbox.schema;
