package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON of an event pattern into its {@link CompiledPattern}, or into every {@link
 * Violation} it has, each pointing into the pattern.
 *
 * <p>Stateless entry point, thread-safe; each call uses its own state. It accepts what
 * aws/event-ruler 2.1.0's {@code JsonRuleCompiler} accepts, with two limits of Signalbox's own:
 * {@code $or} may expand to at most {@value #MAX_COMBINATIONS} conjunctions, and wildcards must
 * stay within {@link WildcardComplexity}. Like event-ruler, nested objects and dotted keys both
 * name dot-joined fields, a field given twice keeps its last list, and fields after a {@code $or}
 * are added to every branch.
 */
public final class PatternCompiler {
    /** The most conjunctions a pattern's {@code $or}s may expand to. */
    public static final int MAX_COMBINATIONS = 1_000;

    /** event-ruler's limit on the fields of one conjunction (GenericMachine.MAXIMUM_RULE_SIZE). */
    public static final int MAX_FIELDS = 256;

    private static final String OR = "$or";

    // event-ruler's RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP: operator names cannot be field
    // names inside a $or branch.
    private static final Set<String> RESERVED_IN_OR = Set.of(
            "exactly",
            "equals-ignore-case",
            "prefix",
            "suffix",
            "anything-but",
            "exists",
            "wildcard",
            "numeric",
            "cidr",
            "=",
            "<",
            "<=",
            ">",
            ">=",
            "regex",
            "not-wildcard",
            "not-equals-ignore-case",
            "date-after",
            "date-on-or-after",
            "date-before",
            "date-on-or-before",
            "in-date-range",
            "ip-address-in-range",
            "ip-address-not-in-range");

    /** The compiled pattern, or the violations found instead (exactly one is present). */
    public record Result(CompiledPattern pattern, List<Violation> violations) {}

    /** Thrown to stop a compilation whose {@code $or}s grow past the limit. */
    private static final class TooManyCombinations extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyCombinations() {
            super(null, null, false, false);
        }
    }

    private final Problems problems = new Problems();
    private final MatchExpressions expressions = new MatchExpressions(problems);

    private PatternCompiler() {}

    /** Compiles a pattern; the result has a pattern exactly when there are no violations. */
    public static Result compile(JsonNode pattern) {
        PatternCompiler compiler = new PatternCompiler();
        if (pattern == null || !pattern.isObject()) {
            compiler.problems.add("", "A pattern must be a JSON object, not " + Problems.kind(pattern) + ".");
            return compiler.result(List.of());
        }
        List<Map<String, FieldTests>> branches = new ArrayList<>();
        try {
            compiler.object(branches, "", pattern, "", false);
        } catch (TooManyCombinations e) {
            compiler.problems.add(
                    "", "The pattern's $or operators expand to more than " + MAX_COMBINATIONS + " combinations.");
        }
        return compiler.result(branches);
    }

    private Result result(List<Map<String, FieldTests>> branches) {
        if (problems.isEmpty()) {
            List<SubRule> subRules = new ArrayList<>();
            for (Map<String, FieldTests> branch : branches) {
                if (branch.size() > MAX_FIELDS) {
                    problems.add("", "A pattern (or one $or branch of it) may test at most " + MAX_FIELDS + " fields.");
                    break;
                }
                subRules.add(new SubRule(new ArrayList<>(branch.values())));
            }
            WildcardComplexity.check(subRules, problems);
            if (problems.isEmpty()) {
                return new Result(new CompiledPattern(subRules), List.of());
            }
        }
        return new Result(null, problems.list());
    }

    private void object(
            List<Map<String, FieldTests>> branches, String path, JsonNode object, String pointer, boolean inOr) {
        if (object.isEmpty()) {
            problems.add(pointer, "An object in a pattern needs at least one field.");
            return;
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            String at = pointer + "/" + Violation.escape(name);
            if (name.equals(OR)) {
                or(branches, path, value, at);
            } else if (inOr && RESERVED_IN_OR.contains(name)) {
                problems.add(at, "'" + name + "' is an operator name and cannot be a field name inside $or.");
            } else if (value.isObject()) {
                object(branches, path.isEmpty() ? name : path + "." + name, value, at, inOr);
            } else if (value.isArray()) {
                field(branches, path.isEmpty() ? name : path + "." + name, value, at);
            } else {
                problems.add(
                        at,
                        "The field '" + name + "' must be an array of values (e.g. [\"x\"]) or an object, not "
                                + Problems.kind(value) + ".");
            }
        }
    }

    // Each branch of the $or gets a copy of the conjunctions built so far, extended by the branch.
    private void or(List<Map<String, FieldTests>> branches, String path, JsonNode list, String at) {
        if (!list.isArray()) {
            problems.add(at, "$or takes an array of at least two objects, not " + Problems.kind(list) + ".");
            return;
        }
        List<Map<String, FieldTests>> before = copy(branches);
        if (before.isEmpty()) {
            before.add(new LinkedHashMap<>());
        }
        List<Map<String, FieldTests>> after = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            if (!element.isObject()) {
                problems.add(
                        at + "/" + i, "Each $or alternative must be an object, not " + Problems.kind(element) + ".");
                continue;
            }
            List<Map<String, FieldTests>> extended = copy(before);
            object(extended, path, element, at + "/" + i, true);
            after.addAll(extended);
            if (after.size() > MAX_COMBINATIONS) {
                throw new TooManyCombinations();
            }
        }
        if (list.size() < 2) {
            problems.add(at, "$or needs at least two alternatives.");
        }
        branches.clear();
        branches.addAll(after);
    }

    private void field(List<Map<String, FieldTests>> branches, String name, JsonNode list, String at) {
        if (list.isEmpty()) {
            problems.add(at, "The value list of '" + name + "' is empty; it needs at least one value.");
            return;
        }
        List<ValueTest> tests = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ValueTest test = value(list.get(i), at + "/" + i);
            if (test != null) {
                tests.add(test);
            }
        }
        if (tests.size() < list.size()) {
            return;
        }
        FieldTests field = new FieldTests(name, tests, at, list);
        if (branches.isEmpty()) {
            branches.add(new LinkedHashMap<>());
        }
        for (Map<String, FieldTests> branch : branches) {
            branch.put(name, field);
        }
    }

    private ValueTest value(JsonNode value, String at) {
        return switch (value.getNodeType()) {
            case OBJECT -> expressions.compile(value, at);
            case STRING -> {
                ValueTest.IpRange address = Cidrs.single(value.textValue());
                yield address != null ? address : MatchExpressions.exact(value.textValue());
            }
            case NUMBER -> {
                double comparable = Numbers.comparable(value);
                String text = Double.isNaN(comparable) ? Numbers.canonical(value) : null;
                yield new ValueTest.Exact(EventValue.NUMBER, text, comparable);
            }
            case BOOLEAN -> new ValueTest.Exact(
                    value.booleanValue() ? EventValue.TRUE : EventValue.FALSE, null, Double.NaN);
            case NULL -> new ValueTest.Exact(EventValue.NULL, null, Double.NaN);
            default -> {
                problems.add(
                        at,
                        "A value must be a string, a number, true, false, null or an operator object, not "
                                + Problems.kind(value) + ".");
                yield null;
            }
        };
    }

    private static List<Map<String, FieldTests>> copy(List<Map<String, FieldTests>> branches) {
        List<Map<String, FieldTests>> out = new ArrayList<>(branches.size());
        for (Map<String, FieldTests> branch : branches) {
            out.add(new LinkedHashMap<>(branch));
        }
        return out;
    }
}
