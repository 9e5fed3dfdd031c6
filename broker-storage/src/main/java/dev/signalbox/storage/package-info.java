/**
 * The embedded store's public contract: {@link dev.signalbox.storage.MessageStore} and the
 * records and enums it speaks. Bytes in, bytes out; nothing here knows HTTP, rules or Vert.x.
 *
 * <p>Implementations live in sub-packages ({@code log}, {@code queue}, {@code index},
 * {@code offsets}, {@code docs}, {@code file}, {@code retention}, {@code timer}, {@code embedded});
 * only {@code vertx} may import
 * {@code io.vertx}.
 */
package dev.signalbox.storage;
