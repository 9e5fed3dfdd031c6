package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a candidate schema may follow earlier versions under a {@link Compatibility}
 * mode, the way Confluent Schema Registry does for JSON Schema: BACKWARD asks whether every
 * document valid under an earlier version is valid under the candidate (the candidate reads old
 * data), FORWARD the reverse, FULL both; transitive modes ask it of every earlier version, the
 * others of the latest only.
 *
 * <p>The question "does schema R accept everything schema W accepts" is answered structurally by
 * {@link SubschemaCheck}; it errs on the side of "incompatible" where JSON Schema makes the exact
 * answer undecidable (e.g. differing {@code not} or {@code pattern}). Stateless and thread-safe.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {}

    /** Every incompatibility of {@code candidate} with {@code earlier} (oldest first) under {@code mode}. */
    public static List<Incompatibility> check(Compatibility mode, JsonNode candidate, List<SchemaVersion> earlier) {
        List<Incompatibility> problems = new ArrayList<>();
        if (mode == Compatibility.NONE || earlier.isEmpty()) {
            return problems;
        }
        List<SchemaVersion> against = mode.isTransitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (SchemaVersion old : against) {
            if (mode.isBackward()) {
                for (Incompatibility i : backward(candidate, old.schemaTree())) {
                    problems.add(new Incompatibility(i.pointer(), i.message(), old.version()));
                }
            }
            if (mode.isForward()) {
                for (Incompatibility i : forward(candidate, old.schemaTree())) {
                    problems.add(new Incompatibility(i.pointer(), i.message(), old.version()));
                }
            }
        }
        return problems;
    }

    /** Whether {@code newer} reads every document {@code older} accepts; the reasons it does not. */
    public static List<Incompatibility> backward(JsonNode newer, JsonNode older) {
        return new SubschemaCheck(newer, older, "the new schema", "the old schema").run();
    }

    /** Whether {@code older} reads every document {@code newer} accepts; the reasons it does not. */
    public static List<Incompatibility> forward(JsonNode newer, JsonNode older) {
        return new SubschemaCheck(older, newer, "the old schema", "the new schema").run();
    }
}
