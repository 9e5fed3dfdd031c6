package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One conjunction of a pattern after {@code $or} is expanded: fields, each with its value list,
 * all of which must match, array-consistently.
 *
 * <p>Immutable, thread-safe. Fields are kept sorted by name (Java string order) because
 * event-ruler visits them in that order and one of its answers depends on it: {@code {"exists":
 * false}} is judged against only the array elements chosen by the fields before it. Matching is a
 * depth-first search over the values of each field, carrying the array elements chosen so far.
 *
 * @param fields the fields, sorted by name
 */
public record SubRule(List<FieldTests> fields) {
    public SubRule {
        List<FieldTests> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(FieldTests::name));
        fields = List.copyOf(sorted);
    }

    /** Whether the event's fields satisfy every field of this sub-rule. */
    public boolean matches(EventFields event) {
        return step(0, Memberships.NONE, event);
    }

    private boolean step(int k, int[] constraint, EventFields event) {
        if (k == fields.size()) {
            return true;
        }
        FieldTests field = fields.get(k);
        List<EventValue> values = event.get(field.name());
        if (field.allowsAbsence() && noneConsistent(values, constraint) && step(k + 1, constraint, event)) {
            return true;
        }
        if (values == null) {
            return false;
        }
        boolean unchangedTried = false;
        for (int i = 0; i < values.size(); i++) {
            EventValue value = values.get(i);
            int[] merged = Memberships.merge(constraint, value.membership);
            // A value that adds no array element leaves the rest of the search as it was: once
            // such a value has been tried, trying another cannot succeed where it failed.
            if (merged == null || (merged == constraint && unchangedTried) || !field.passes(value)) {
                continue;
            }
            if (step(k + 1, merged, event)) {
                return true;
            }
            unchangedTried |= merged == constraint;
        }
        return false;
    }

    static boolean noneConsistent(List<EventValue> values, int[] constraint) {
        if (values == null) {
            return true;
        }
        for (EventValue value : values) {
            if (Memberships.consistent(constraint, value.membership)) {
                return false;
            }
        }
        return true;
    }
}
