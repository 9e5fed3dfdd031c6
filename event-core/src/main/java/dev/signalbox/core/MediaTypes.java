package dev.signalbox.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 2046 media type checks shared by validation, JSON detection and the structured writer.
 *
 * <p>Stateless, thread-safe. Kept lenient about whitespace around parameters (RFC 9110 allows
 * optional whitespace there) but strict about the {@code type/subtype} tokens, which is what
 * routing and serialization depend on.
 */
final class MediaTypes {
    // RFC 2045 token: any printable US-ASCII except SPACE and tspecials ()<>@,;:\"/[]?=
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z{}]+";
    private static final String QUOTED = "\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*[ \\t]*");

    // Valid by the pattern above; most events carry one of them, and the regex is not free.
    private static final java.util.Set<String> COMMON = java.util.Set.of(
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "text/plain; charset=utf-8",
            "application/octet-stream",
            "application/xml",
            "application/cloudevents+json");

    private MediaTypes() {}

    /** Whether the value is {@code type/subtype} with well-formed optional parameters. */
    static boolean isValid(String value) {
        return COMMON.contains(value) || MEDIA_TYPE.matcher(value).matches();
    }

    /**
     * Whether the media type says the content is JSON: {@code application/json} or any {@code
     * +json} structured syntax suffix, parameters and case ignored (CloudEvents JSON format 3.1).
     */
    static boolean isJson(String value) {
        String essence = essence(value);
        return essence.equals("application/json") || (essence.endsWith("+json") && essence.indexOf('/') > 0);
    }

    /**
     * Whether the content is text a JSON string can carry: {@code text/*}, XML, and the few
     * application types that are text by definition. Other types travel as {@code data_base64}.
     */
    static boolean isText(String value) {
        String essence = essence(value);
        return essence.startsWith("text/")
                || essence.equals("application/xml")
                || essence.endsWith("+xml")
                || essence.equals("application/javascript")
                || essence.equals("application/x-www-form-urlencoded");
    }

    /** The {@code type/subtype} part, lower-cased and trimmed. */
    static String essence(String value) {
        int semicolon = value.indexOf(';');
        String head = semicolon < 0 ? value : value.substring(0, semicolon);
        return head.trim().toLowerCase(Locale.ROOT);
    }
}
