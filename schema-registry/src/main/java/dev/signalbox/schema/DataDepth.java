package dev.signalbox.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bound on how deeply data checked against a schema may nest: {@value #MAX} levels of objects
 * and arrays ({@code {}} is one level, {@code {"a": [{}]}} three).
 *
 * <p>networknt's validator recurses through the data with no bound of its own, several frames per
 * level, so data nested about a thousand levels deep under a recursive schema overflowed the
 * thread's stack, at a depth that depended on that stack and on how the JIT had compiled the
 * frames. The depth is therefore counted first, without recursion (a stack of the containers on
 * the current path), stopping at the first container past the bound, and such data is refused
 * with {@link ErrorType#EVENT_DATA_TOO_DEEP} at that container's pointer, whatever the stack.
 * 128 levels is far beyond real event data and far below where the validator's stack runs out
 * (a schema with four {@code allOf} wrappers per level overflowed a 1 MiB stack at about 990).
 *
 * <p>Stateless; thread-safe.
 */
public final class DataDepth {

    /** The deepest nesting of objects and arrays that is checked against a schema. */
    public static final int MAX = 128;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private DataDepth() {}

    /**
     * Refuses data nested deeper than {@link #MAX}.
     *
     * @param prefix the pointer of {@code data} in the document it came from ({@code /data})
     * @throws SignalboxException {@link ErrorType#EVENT_DATA_TOO_DEEP} with one violation at the
     *     first object or array past the bound
     */
    public static void require(JsonNode data, String prefix) {
        refuse(pointerPast(data, MAX), prefix);
    }

    /**
     * Refuses data given as the bytes of a JSON document that nests deeper than {@link #MAX}.
     * Data nested past the bound every JSON document is parsed with (1,000 levels) never becomes a
     * tree, so it cannot be checked with {@link #require(JsonNode, String)}; this tells it as too
     * deep to check, as shallower data past {@link #MAX} is, rather than as not JSON. Bytes that
     * are not JSON pass here wherever they stop being JSON (the caller finds them not JSON): a
     * truncated upload is told as truncated, not as deep. The bytes are read to their end, or to
     * the parser's own nesting bound, which is too deep whatever follows.
     *
     * @throws SignalboxException as {@link #require(JsonNode, String)}
     */
    public static void require(byte[] data, String prefix) {
        refuse(pointerPast(data, MAX), prefix);
    }

    private static void refuse(Optional<String> past, String prefix) {
        if (past.isPresent()) {
            throw new SignalboxException(
                    ErrorType.EVENT_DATA_TOO_DEEP,
                    "The event's data nests objects and arrays deeper than " + MAX
                            + " levels, the most that is checked against a schema.",
                    List.of(new Violation(
                            prefix + past.get(),
                            "is an object or array " + (MAX + 1) + " levels deep; data checked against a schema"
                                    + " may nest at most " + MAX + " levels")));
        }
    }

    /**
     * As {@link #pointerPast(JsonNode, int)}, for the bytes of a document; empty for bytes that are
     * not JSON, unless they nest past the parser's own bound first.
     */
    static Optional<String> pointerPast(byte[] data, int max) {
        Optional<String> found = Optional.empty();
        try (JsonParser parser = FACTORY.createParser(data)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (found.isPresent()) {
                    continue; // read on: only well-formed bytes are too deep
                }
                if (token.isStructStart() && ++depth > max) {
                    // The enclosing context's current name or index is where this container sits.
                    JsonStreamContext enclosing = parser.getParsingContext().getParent();
                    found = Optional.of(enclosing.pathAsPointer().toString());
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return found;
        } catch (StreamConstraintsException e) {
            return found; // past the parser's bound (1,000 levels): too deep, whatever follows
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The JSON Pointer (relative to {@code data}) of the first object or array, in document
     * order, that is nested {@code max + 1} levels deep; empty when there is none.
     */
    static Optional<String> pointerPast(JsonNode data, int max) {
        if (data == null || !data.isContainerNode()) {
            return Optional.empty();
        }
        if (max < 1) {
            return Optional.of("");
        }
        Deque<Level> path = new ArrayDeque<>();
        path.push(new Level(data));
        while (!path.isEmpty()) {
            JsonNode child = path.peek().nextContainer();
            if (child == null) {
                path.pop();
            } else if (path.size() == max) {
                return Optional.of(pointer(path));
            } else {
                path.push(new Level(child));
            }
        }
        return Optional.empty();
    }

    private static String pointer(Deque<Level> path) {
        StringBuilder pointer = new StringBuilder();
        for (Iterator<Level> outward = path.descendingIterator(); outward.hasNext(); ) {
            String segment = outward.next().segment;
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** One container on the current path, and which of its children is being visited. */
    private static final class Level {
        private final Iterator<Map.Entry<String, JsonNode>> members;
        private final Iterator<JsonNode> elements;
        private int index = -1;
        /** The member name or array index of the child visited last. */
        private String segment;

        Level(JsonNode container) {
            this.members = container.isObject() ? container.properties().iterator() : null;
            this.elements = container.isObject() ? null : container.elements();
        }

        /** The next child that is an object or array, or null when none is left. */
        JsonNode nextContainer() {
            if (members != null) {
                while (members.hasNext()) {
                    Map.Entry<String, JsonNode> member = members.next();
                    if (member.getValue().isContainerNode()) {
                        segment = member.getKey();
                        return member.getValue();
                    }
                }
                return null;
            }
            while (elements.hasNext()) {
                JsonNode element = elements.next();
                index++;
                if (element.isContainerNode()) {
                    segment = Integer.toString(index);
                    return element;
                }
            }
            return null;
        }
    }
}
