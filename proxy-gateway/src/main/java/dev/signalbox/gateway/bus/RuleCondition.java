package dev.signalbox.gateway.bus;

import dev.signalbox.rules.CesqlFilter;
import dev.signalbox.rules.EventPattern;
import java.util.Objects;

/**
 * What a rule matches on: an EventBridge event pattern, compiled into the bus's shared {@link
 * dev.signalbox.rules.PatternMachine}, or a CloudEvents SQL filter, evaluated one by one beside
 * it. Immutable.
 */
public sealed interface RuleCondition {

    /** An event pattern; the common case, matched for all rules of a bus in one pass. */
    record Pattern(EventPattern pattern) implements RuleCondition {
        public Pattern {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** A CloudEvents SQL expression over the event's attributes and extensions. */
    record Filter(CesqlFilter filter) implements RuleCondition {
        public Filter {
            Objects.requireNonNull(filter, "filter");
        }
    }
}
