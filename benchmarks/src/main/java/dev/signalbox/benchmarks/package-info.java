/**
 * JMH benchmarks, one sub-package per module measured ({@code store}, {@code rules}). Each
 * benchmark runs beside its anchor (raw mmap writes, aws/event-ruler) in the same run, and its
 * figures go to {@code docs/benchmarks.md} with the command that reproduces them.
 */
package dev.signalbox.benchmarks;
