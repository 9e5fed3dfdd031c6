package dev.signalbox.core;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 {@code date-time} checks for the CloudEvents {@code time} attribute.
 *
 * <p>Stateless, thread-safe. A regex gives the shape (section 5.6 grammar, lowercase {@code t}
 * and {@code z} allowed as the RFC's note permits); {@link LocalDate} then rejects impossible
 * dates such as February 30th, which a shape check alone would accept. A leap second (:60) is
 * allowed, as in the RFC.
 */
final class Rfc3339 {
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})" + "(?:\\.\\d+)?(?:[Zz]|[+-](\\d{2}):(\\d{2}))");

    private Rfc3339() {}

    /** Whether the value is an RFC 3339 date-time with a valid calendar date and clock time. */
    static boolean isDateTime(String value) {
        Matcher m = DATE_TIME.matcher(value);
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.of(number(m, 1), number(m, 2), number(m, 3));
        } catch (DateTimeException e) {
            return false;
        }
        boolean clockOk = number(m, 4) <= 23 && number(m, 5) <= 59 && number(m, 6) <= 60;
        boolean offsetOk = m.group(7) == null || (number(m, 7) <= 23 && number(m, 8) <= 59);
        return clockOk && offsetOk;
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
