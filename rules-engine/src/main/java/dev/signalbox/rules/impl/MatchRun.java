package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches one event against one snapshot of the index.
 *
 * <p>Single use, confined to the calling thread. It reads only the event fields some rule names
 * (the name trie prunes the rest), probes each value in its field's index, and confirms the
 * conjunctions woken unless waking proved them. The work is the event's named fields plus the
 * woken conjunctions' sizes: it does not grow with the number of rules that stay asleep.
 */
final class MatchRun {
    private final Map<SubRuleEntry, Boolean> woken = new IdentityHashMap<>();
    private final Set<String> names = new HashSet<>();

    private MatchRun() {}

    /** The names of the rules the event matches. */
    static Set<String> run(MatchIndex index, JsonNode event) {
        if (event == null || !event.isObject() || index.size() == 0) {
            return Set.of();
        }
        EventFields fields = EventFields.of(event, index.names, false);
        MatchRun run = new MatchRun();
        for (Map.Entry<String, List<EventValue>> field : fields.all().entrySet()) {
            FieldIndex fieldIndex = index.fields.get(field.getKey());
            if (fieldIndex != null) {
                for (EventValue value : field.getValue()) {
                    fieldIndex.probe(value, postings -> postings.forEach(run::wake));
                }
            }
        }
        index.always.forEach(run::wake);
        for (SubRuleEntry entry : run.woken.keySet()) {
            if (!run.names.contains(entry.rule.name) && entry.subRule.matches(fields)) {
                run.names.add(entry.rule.name);
            }
        }
        return run.names.isEmpty() ? Set.of() : Collections.unmodifiableSet(run.names);
    }

    private void wake(SubRuleEntry entry) {
        if (entry.proven) {
            names.add(entry.rule.name);
        } else {
            woken.put(entry, Boolean.TRUE);
        }
    }
}
