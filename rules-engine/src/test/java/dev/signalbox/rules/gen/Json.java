package dev.signalbox.rules.gen;

import java.util.List;
import java.util.Map;

/** Renders generated trees (maps, lists, {@link Scalar}s, raw JSON strings) as JSON text. */
public final class Json {
    private Json() {}

    /** A raw piece of JSON text inserted as is. */
    public record Raw(String json) {}

    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static String render(Object node) {
        StringBuilder out = new StringBuilder();
        render(node, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void render(Object node, StringBuilder out) {
        if (node instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote(e.getKey())).append(':');
                render(e.getValue(), out);
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                render(list.get(i), out);
            }
            out.append(']');
        } else if (node instanceof Scalar scalar) {
            out.append(scalar.json());
        } else if (node instanceof Raw raw) {
            out.append(raw.json());
        } else if (node instanceof String text) {
            out.append(quote(text));
        } else {
            out.append(node);
        }
    }
}
