package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Matches one event against one snapshot of the index.
 *
 * <p>Single use, confined to the calling thread. It reads only the event fields some rule names
 * (the name trie prunes the rest), probes each value in its field's index, and confirms the
 * conjunctions woken unless waking proved them. The work is the event's named fields plus the
 * woken conjunctions' sizes: it does not grow with the number of rules that stay asleep.
 */
final class MatchRun implements Consumer<Postings> {
    // Where the touch passes store what they read, so that the compiler keeps the loads. Written
    // by every matching thread at once; the value means nothing.
    @SuppressWarnings("unused")
    private static int touched;

    private final Set<String> names = new HashSet<>();
    // Woken entries, deduplicated by identity in an open-addressing table (no boxing, no nodes).
    private SubRuleEntry[] table = new SubRuleEntry[32];
    private SubRuleEntry[] order = new SubRuleEntry[16];
    private int size;
    private final Consumer<SubRuleEntry> waker = this::wake;

    private MatchRun() {}

    /** The names of the rules the event matches. */
    static Set<String> run(MatchIndex index, JsonNode event) {
        if (event == null || !event.isObject() || index.size() == 0) {
            return Set.of();
        }
        return run(index, EventFields.of(event, index.names, false));
    }

    /** The names of the rules matching the event's fields (read with the index's name trie). */
    static Set<String> run(MatchIndex index, EventFields fields) {
        return wake(index, fields).confirm(fields);
    }

    /**
     * Wakes the conjunctions the event's values reach, without confirming them: the matching work
     * that must not grow with the rules that stay asleep ({@link #wokenRules} names it for tests).
     */
    static MatchRun wake(MatchIndex index, EventFields fields) {
        MatchRun run = new MatchRun();
        Map<String, List<EventValue>> all = fields.all();
        FieldIndex[] indexes = new FieldIndex[all.size()];
        @SuppressWarnings("unchecked")
        List<EventValue>[] values = new List[indexes.length];
        int n = 0;
        Touches touches = new Touches();
        // The lookups after reading ahead (see Touches): every slot and cell and every range stab,
        // then their conjunctions.
        for (Map.Entry<String, List<EventValue>> field : all.entrySet()) {
            FieldIndex fieldIndex = index.fields.get(field.getKey());
            if (fieldIndex != null) {
                for (EventValue value : field.getValue()) {
                    fieldIndex.touch(value, touches);
                }
                indexes[n] = fieldIndex;
                values[n++] = field.getValue();
            }
        }
        touches.issue();
        touched = touches.conjunctions();
        for (int f = 0; f < n; f++) {
            for (EventValue value : values[f]) {
                indexes[f].probeUnranged(value, run);
            }
        }
        touches.woken(run);
        run.accept(index.always);
        run.touch();
        return run;
    }

    /** The names of the rules whose woken conjunctions the fields satisfy, with those proven by waking. */
    private Set<String> confirm(EventFields fields) {
        for (int i = 0; i < size; i++) {
            SubRuleEntry entry = order[i];
            // Only a rule with several conjunctions ($or) can be confirmed twice; asking the name
            // set first for every rule would cost a cold string per woken rule.
            if ((!entry.hasSiblings || !names.contains(entry.ruleName)) && entry.matches(fields)) {
                names.add(entry.ruleName);
            }
        }
        return names.isEmpty() ? Set.of() : Collections.unmodifiableSet(names);
    }

    /**
     * The rules of the conjunctions {@link #wake} woke: those left to confirm, and those proven by
     * waking alone. For tests; valid before {@link #confirm} only.
     */
    Set<String> wokenRules() {
        Set<String> rules = new HashSet<>(names);
        for (int i = 0; i < size; i++) {
            rules.add(order[i].ruleName);
        }
        return rules;
    }

    /**
     * Reads the code (every line of it) and names of every woken conjunction before any is confirmed. In a large
     * machine each is a cache miss; these loads do not depend on one another, so the processor
     * overlaps them, where confirming one conjunction after the other would wait for each in turn.
     */
    private void touch() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            long[] code = order[i].code;
            // Every cache line of the code (eight words each), not only the first.
            for (int w = 0; w < code.length; w += 8) {
                sum += code[w];
            }
            sum += order[i].names.length;
        }
        touched = (int) sum;
    }

    /** Wakes every conjunction of the postings. */
    @Override
    public void accept(Postings postings) {
        if (postings instanceof SubRuleEntry entry) {
            wake(entry); // the usual case in a large machine: one conjunction filed alone
        } else {
            postings.forEach(waker);
        }
    }

    private void wake(SubRuleEntry entry) {
        if (entry.proven) {
            names.add(entry.ruleName);
            return;
        }
        int mask = table.length - 1;
        int i = System.identityHashCode(entry) & mask;
        while (table[i] != null) {
            if (table[i] == entry) {
                return;
            }
            i = (i + 1) & mask;
        }
        table[i] = entry;
        if (size == order.length) {
            order = java.util.Arrays.copyOf(order, size * 2);
        }
        order[size++] = entry;
        if (size * 2 > table.length) {
            grow();
        }
    }

    private void grow() {
        SubRuleEntry[] bigger = new SubRuleEntry[table.length * 2];
        int mask = bigger.length - 1;
        for (int k = 0; k < size; k++) {
            int i = System.identityHashCode(order[k]) & mask;
            while (bigger[i] != null) {
                i = (i + 1) & mask;
            }
            bigger[i] = order[k];
        }
        table = bigger;
    }
}
