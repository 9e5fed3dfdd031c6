package dev.signalbox.rules.impl;

/**
 * What a matcher reads ahead, before it looks anything up: the hash slot and the value cell each
 * lookup will start from, then the conjunctions those cells hold and the first words of their
 * code.
 *
 * <p>Per event, confined to the matching thread. Why: in a machine of 100,000 rules each of these
 * is a cache miss, and one lookup's misses depend on one another (slot, cell, conjunction, code),
 * so done lookup by lookup they are paid one after the other. Read in waves, every lookup's slot
 * and cell first, then every cell's conjunctions, the loads of one wave do not depend on one
 * another and the processor overlaps them; the lookups that follow find them in cache. A cell
 * read for a slot that holds another key wakes nothing: it only costs a load.
 */
final class Touches {
    private Object[] cells = new Object[32];
    private int count;
    /** What the reads saw, summed so that the compiler keeps the loads. */
    int sum;

    void cell(Object value) {
        if (count == cells.length) {
            cells = java.util.Arrays.copyOf(cells, count * 2);
        }
        cells[count++] = value;
    }

    /** The second wave: the conjunctions in the cells read so far, and their code's first line. */
    int conjunctions() {
        int s = sum;
        for (int i = 0; i < count; i++) {
            Object cell = cells[i];
            if (cell instanceof SubRuleEntry entry) {
                s += entry.code.length;
            } else if (cell instanceof Postings.Pair pair) {
                s += pair.first().code.length + pair.second().code.length;
            }
        }
        return s;
    }
}
