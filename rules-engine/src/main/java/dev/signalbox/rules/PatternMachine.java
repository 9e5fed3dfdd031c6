package dev.signalbox.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Event;
import dev.signalbox.rules.impl.MatchIndex;
import java.util.Objects;
import java.util.Set;

/**
 * All rules of a bus compiled into one matching structure; matches an event against every rule
 * in one pass.
 *
 * <p>Thread-safe: {@link #put} and {@link #remove} publish a new immutable snapshot
 * (copy-on-write, sharing untouched parts with the previous one) under the machine's lock, and
 * {@link #matchingRules} reads the current snapshot without locks, so a router never waits for
 * a rule change and never sees half of one. The machine owns its snapshots; the patterns it is
 * given are immutable and may be shared.
 *
 * <p>The cost of a match follows the event fields the rules name and the rules those fields wake,
 * not the number of rules: each field has an index per kind of condition (a hash for exact
 * values, affix tables for prefixes and suffixes, a range tree for numeric comparisons), each
 * rule is filed under its most selective field and confirmed when woken (see {@link
 * MatchIndex}). Results agree with {@link EventPattern#matches} for every rule.
 */
public final class PatternMachine {
    private final Object writeLock = new Object();
    private volatile MatchIndex index = MatchIndex.EMPTY;

    /** Adds a rule, or replaces the rule of that name. */
    public void put(String ruleName, EventPattern pattern) {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(pattern, "pattern");
        synchronized (writeLock) {
            index = index.with(ruleName, pattern.compiled());
        }
    }

    /** Removes a rule; nothing happens when there is no rule of that name. */
    public void remove(String ruleName) {
        Objects.requireNonNull(ruleName, "ruleName");
        synchronized (writeLock) {
            index = index.without(ruleName);
        }
    }

    /**
     * The names of the rules the event matches (an unmodifiable set the caller may keep). The
     * event is the JSON object rules see, e.g. {@code dev.signalbox.core.EventViews.matchView};
     * anything but an object matches no rule.
     */
    public Set<String> matchingRules(JsonNode event) {
        return index.match(event);
    }

    /**
     * The names of the rules the event matches, read from the event itself: the same answer as
     * {@code matchingRules(EventViews.matchView(event))}, without building the view. Only the
     * attributes and data fields some rule names are read; the rest of {@code data} is skipped
     * unparsed. This is the router's fast path: it needs the view only for the events that match.
     */
    public Set<String> matchingRules(Event event) {
        return index.match(Objects.requireNonNull(event, "event"));
    }

    /** The number of rules in the machine. */
    public int size() {
        return index.size();
    }
}
