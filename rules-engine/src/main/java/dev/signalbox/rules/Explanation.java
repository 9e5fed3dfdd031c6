package dev.signalbox.rules;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link EventPattern#explain}: whether the event matched and, if not, why.
 *
 * <p>Immutable, thread-safe.
 *
 * @param matched whether the pattern matches the event
 * @param mismatch present exactly when {@code matched} is false
 */
public record Explanation(boolean matched, Optional<Mismatch> mismatch) {
    public Explanation {
        Objects.requireNonNull(mismatch, "mismatch");
        if (matched == mismatch.isPresent()) {
            throw new IllegalArgumentException("a mismatch is given exactly when the event does not match");
        }
    }

    /**
     * Where and why a pattern failed.
     *
     * @param patternPointer JSON Pointer of the failing field's value list in the pattern, e.g.
     *     {@code /data/amount} or {@code /$or/1/type}; {@code ""} when the event is not an object
     * @param eventPath JSON Pointer into the event of the offending value, or of where the missing
     *     field would be, e.g. {@code /data/items/2/price}
     * @param condition the failing value list as written, e.g. {@code [{"numeric":[">",100]}]}
     * @param reason a sentence for a person, e.g. {@code The value 50 at 'data.amount' does not
     *     satisfy [{"numeric":[">",100]}].}
     */
    public record Mismatch(String patternPointer, String eventPath, String condition, String reason) {
        public Mismatch {
            Objects.requireNonNull(patternPointer, "patternPointer");
            Objects.requireNonNull(eventPath, "eventPath");
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Explanation match() {
        return new Explanation(true, Optional.empty());
    }

    static Explanation mismatch(Mismatch mismatch) {
        return new Explanation(false, Optional.of(mismatch));
    }

    /**
     * The JSON the gateway can serve: {@code {"result": true}} or {@code {"result": false,
     * "explanation": {"patternPointer", "eventPath", "condition", "reason"}}}.
     */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("result", matched);
        mismatch.ifPresent(m -> {
            ObjectNode why = out.putObject("explanation");
            why.put("patternPointer", m.patternPointer());
            why.put("eventPath", m.eventPath());
            why.put("condition", m.condition());
            why.put("reason", m.reason());
        });
        return out;
    }
}
