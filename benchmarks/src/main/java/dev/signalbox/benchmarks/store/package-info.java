/**
 * JMH benchmarks of the embedded store (broker-storage), each beside its anchor in the same run:
 * appends against a raw sequential mmap write of the same bytes, reads against a raw positional
 * read, and the recovery of 1 GiB of log after a real SIGKILL. Results and commands are in
 * {@code docs/benchmarks.md}.
 */
package dev.signalbox.benchmarks.store;
