package dev.signalbox.schema.bindings;

import java.util.HashSet;
import java.util.Set;

/**
 * Names for generated code: JSON member and schema names turned into Java or TypeScript
 * identifiers, kept unique within a scope. Stateless apart from {@link Scope}, which is not
 * thread-safe (one per generated type).
 */
final class Naming {

    private static final Set<String> JAVA_KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "record",
            "var",
            "yield",
            "sealed",
            "permits",
            "_");

    private Naming() {}

    /** {@code order-placed.v2} → {@code OrderPlacedV2}; a leading digit gets a {@code T} before it. */
    static String typeName(String raw) {
        String words = words(raw, true);
        if (words.isEmpty()) {
            return "Type";
        }
        return Character.isJavaIdentifierStart(words.charAt(0)) ? words : "T" + words;
    }

    /** {@code created_at} → {@code createdAt}; Java keywords get a trailing underscore. */
    static String memberName(String raw) {
        String words = words(raw, false);
        if (words.isEmpty() || !Character.isJavaIdentifierStart(words.charAt(0))) {
            words = "m" + typeName(raw);
        }
        return JAVA_KEYWORDS.contains(words) ? words + "_" : words;
    }

    /** An enum constant: {@code card-declined} → {@code CARD_DECLINED}. */
    static String constantName(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                if (Character.isUpperCase(c)
                        && out.length() > 0
                        && Character.isLowerCase(out.charAt(out.length() - 1))) {
                    out.append('_');
                }
                out.append(Character.toUpperCase(c));
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        String name = out.toString().replaceAll("_+$", "");
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            name = "V_" + name;
        }
        return name; // upper case: never a Java keyword
    }

    /** Whether a TypeScript property name needs quotes. */
    static boolean isPlainIdentifier(String name) {
        return name.matches("[A-Za-z_$][A-Za-z0-9_$]*");
    }

    private static String words(String raw, boolean isCapitalised) {
        StringBuilder out = new StringBuilder();
        boolean upperNext = isCapitalised;
        for (char c : raw.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                out.append(
                        upperNext
                                ? Character.toUpperCase(c)
                                : (out.length() == 0 && !isCapitalised ? Character.toLowerCase(c) : c));
                upperNext = false;
            } else {
                upperNext = out.length() > 0 || isCapitalised;
            }
        }
        return out.toString();
    }

    /** Names handed out in one scope, made unique with a number. */
    static final class Scope {
        private final Set<String> used = new HashSet<>();

        String unique(String name) {
            String candidate = name;
            for (int i = 2; !used.add(candidate); i++) {
                candidate = name + i;
            }
            return candidate;
        }
    }
}
