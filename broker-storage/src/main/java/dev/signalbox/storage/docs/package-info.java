/** Small named documents (bus and rule definitions), one atomically replaced file each. */
package dev.signalbox.storage.docs;
