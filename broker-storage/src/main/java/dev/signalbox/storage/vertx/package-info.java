/**
 * The Vert.x adapter: the store's blocking calls run on worker threads and its completions come
 * back on the caller's context. The only package of the module that imports {@code io.vertx}.
 */
package dev.signalbox.storage.vertx;
