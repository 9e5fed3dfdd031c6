/**
 * The schema registry: registries, schemas and their versions, compatibility checks, validation
 * of events and schema discovery. Empty until the schema-registry issue; the module exists now
 * so that the dependency rules hold from the first commit.
 */
package dev.signalbox.schema;
