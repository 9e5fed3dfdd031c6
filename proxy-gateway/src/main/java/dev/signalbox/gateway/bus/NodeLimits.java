package dev.signalbox.gateway.bus;

import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The node's side of the ingest limits: the defaults a bus gets for the limits it leaves out,
 * and the bounds no bus may pass because the node's servers refuse more before a bus is known
 * (the HTTP body limit, which is also the gRPC message limit; the HTTP header limit; the node's
 * batch size). Immutable.
 *
 * @param raisedBy for each limit, what its bound is and how it is raised, said in refusals
 */
public record NodeLimits(IngestLimits defaults, IngestLimits bounds, Map<String, String> raisedBy) {

    public NodeLimits {
        raisedBy = Map.copyOf(raisedBy);
    }

    /**
     * The limits a bus gets: its own where it set them, else the node's defaults; a stored value
     * above a bound the node has since lowered is held to the bound.
     */
    public IngestLimits resolve(BusLimits declared) {
        return new IngestLimits(
                pick(declared.maxEventBytes(), defaults.maxEventBytes(), bounds.maxEventBytes()),
                pick(declared.maxBatchEntries(), defaults.maxBatchEntries(), bounds.maxBatchEntries()),
                pick(declared.maxBatchBytes(), defaults.maxBatchBytes(), bounds.maxBatchBytes()),
                pick(declared.maxHeaderBytes(), defaults.maxHeaderBytes(), bounds.maxHeaderBytes()));
    }

    /** Each declared limit above the node's bound, at {@code /limits/<name>}. */
    public List<Violation> violations(BusLimits declared) {
        List<Violation> violations = new ArrayList<>();
        for (String name : BusLimits.NAMES) {
            OptionalInt value = declared.get(name);
            int bound = bounds.get(name);
            if (value.isPresent() && value.getAsInt() > bound) {
                violations.add(new Violation(
                        "/limits/" + name,
                        "must be at most " + bound + " (" + raisedBy.getOrDefault(name, "this node's bound")
                                + "); it is " + value.getAsInt()));
            }
        }
        return violations;
    }

    private static int pick(OptionalInt declared, int fallback, int bound) {
        return Math.min(declared.orElse(fallback), bound);
    }
}
