package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says why an event does not match a pattern: the field where the closest conjunction stopped.
 *
 * <p>Stateless entry point, thread-safe; not on the routing path (it records JSON Pointers of every
 * value it reads). "Closest" is the conjunction whose search got furthest through its fields in
 * event-ruler's order (by name), so a pattern failing only on {@code data.amount} points there,
 * not at an {@code $or} alternative that failed on its first field.
 */
public final class PatternExplainer {
    private PatternExplainer() {}

    /** Why a pattern failed: pointer into the pattern, where in the event, the condition, the reason. */
    public record Finding(String patternPointer, String eventPath, String condition, String reason) {}

    /** Empty when the event matches; otherwise the finding. */
    public static Optional<Finding> explain(CompiledPattern pattern, JsonNode event) {
        if (event == null || !event.isObject()) {
            return Optional.of(new Finding("", "", "", "The event is not a JSON object, so no pattern matches it."));
        }
        EventFields fields = EventFields.of(event, pattern.names(), true);
        Search best = null;
        for (SubRule subRule : pattern.subRules()) {
            Search search = new Search(subRule, fields);
            if (search.step(0, Memberships.NONE)) {
                return Optional.empty();
            }
            if (best == null || search.deepest > best.deepest) {
                best = search;
            }
        }
        return Optional.of(best.finding());
    }

    /** One conjunction's search, remembering the furthest field it failed on. */
    private static final class Search {
        private final SubRule subRule;
        private final EventFields fields;
        private int deepest = -1;
        private int[] constraintThere = Memberships.NONE;

        Search(SubRule subRule, EventFields fields) {
            this.subRule = subRule;
            this.fields = fields;
        }

        boolean step(int k, int[] constraint) {
            if (k == subRule.fields().size()) {
                return true;
            }
            FieldTests field = subRule.fields().get(k);
            List<EventValue> values = fields.get(field.name());
            if (field.allowsAbsence() && SubRule.noneConsistent(values, constraint) && step(k + 1, constraint)) {
                return true;
            }
            if (values != null) {
                for (EventValue value : values) {
                    int[] merged = Memberships.merge(constraint, value.membership);
                    if (merged != null && field.passes(value) && step(k + 1, merged)) {
                        return true;
                    }
                }
            }
            if (k > deepest) {
                deepest = k;
                constraintThere = constraint;
            }
            return false;
        }

        Finding finding() {
            FieldTests field = subRule.fields().get(deepest);
            List<EventValue> values = fields.get(field.name());
            String condition = field.json() == null ? "" : field.json().toString();
            if (values == null) {
                String reason =
                        "The event has no value at '" + field.name() + "' (objects and empty arrays hold none).";
                return new Finding(field.pointer(), pointerOf(field.name()), condition, reason);
            }
            List<EventValue> consistent = new ArrayList<>();
            for (EventValue value : values) {
                if (Memberships.consistent(constraintThere, value.membership)) {
                    consistent.add(value);
                }
            }
            if (consistent.isEmpty()) {
                String reason = "'" + field.name() + "' has values, but none in the same array element as the fields"
                        + " matched before it (array consistency).";
                return new Finding(field.pointer(), values.get(0).pointer, condition, reason);
            }
            EventValue first = consistent.get(0);
            if (field.tests().stream().allMatch(t -> t instanceof ValueTest.Absent)) {
                String reason =
                        "'" + field.name() + "' must not exist, but the event has " + first.describe() + " there.";
                return new Finding(field.pointer(), first.pointer, condition, reason);
            }
            return new Finding(field.pointer(), first.pointer, condition, describe(field, consistent));
        }

        private static String describe(FieldTests field, List<EventValue> values) {
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < values.size() && i < 3; i++) {
                seen.append(i == 0 ? "" : ", ").append(values.get(i).describe());
            }
            if (values.size() > 3) {
                seen.append(" and ").append(values.size() - 3).append(" more");
            }
            String noun = values.size() == 1 ? "The value " : "None of the values ";
            String verb = values.size() == 1 ? " does not satisfy " : " satisfies ";
            return noun + seen + " at '" + field.name() + "'" + verb + field.json() + ".";
        }

        private static String pointerOf(String name) {
            StringBuilder out = new StringBuilder();
            for (String segment : NameTrie.segments(name)) {
                out.append('/').append(Violation.escape(segment));
            }
            return out.toString();
        }
    }
}
