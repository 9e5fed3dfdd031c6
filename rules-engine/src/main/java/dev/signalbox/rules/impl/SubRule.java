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
public final class SubRule {
    private final List<FieldTests> fields;
    // The same, flattened into arrays for the matching loop: one cold cache line less per step
    // when a machine of 100,000 rules wakes a conjunction nobody has touched for a while.
    private final String[] names;
    private final ValueTest[][] tests;
    private final boolean[] absence;

    public SubRule(List<FieldTests> fields) {
        List<FieldTests> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(FieldTests::name));
        this.fields = List.copyOf(sorted);
        int n = sorted.size();
        String[] names = new String[n];
        tests = new ValueTest[n][];
        absence = new boolean[n];
        for (int i = 0; i < n; i++) {
            FieldTests field = sorted.get(i);
            // Interned so that the event's field map finds it by identity, without comparing text.
            names[i] = field.name().intern();
            tests[i] = field.tests().toArray(new ValueTest[0]);
            absence[i] = field.allowsAbsence();
        }
        this.names = FieldNameLists.intern(names);
    }

    private SubRule(String[] names, ValueTest[][] tests, boolean[] absence) {
        this.fields = null;
        this.names = names;
        this.tests = tests;
        this.absence = absence;
    }

    /**
     * This conjunction without its pattern JSON and pointers, for a machine: 100,000 rules would
     * otherwise keep 100,000 JSON trees that only explanations read, and explanations are made
     * from the {@code EventPattern}, which keeps them.
     */
    SubRule lean() {
        return new SubRule(names, tests, absence);
    }

    /** The fields, sorted by name; empty for a {@link #lean} conjunction. */
    public List<FieldTests> fields() {
        return fields == null ? List.of() : fields;
    }

    int size() {
        return names.length;
    }

    /** The interned field names, by position; shared, never to be changed. */
    String[] nameArray() {
        return names;
    }

    String name(int field) {
        return names[field];
    }

    ValueTest[] tests(int field) {
        return tests[field];
    }

    boolean allowsAbsence(int field) {
        return absence[field];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubRule that && java.util.Objects.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(fields);
    }

    /** Whether the event's fields satisfy every field of this sub-rule. */
    public boolean matches(EventFields event) {
        return step(0, Memberships.NONE, event);
    }

    private boolean step(int k, int[] constraint, EventFields event) {
        if (k == names.length) {
            return true;
        }
        List<EventValue> values = event.get(names[k]);
        if (absence[k] && noneConsistent(values, constraint) && step(k + 1, constraint, event)) {
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
            if (merged == null || (merged == constraint && unchangedTried) || !passes(tests[k], value)) {
                continue;
            }
            if (step(k + 1, merged, event)) {
                return true;
            }
            unchangedTried |= merged == constraint;
        }
        return false;
    }

    private static boolean passes(ValueTest[] tests, EventValue value) {
        for (ValueTest test : tests) {
            if (test.test(value)) {
                return true;
            }
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
