package dev.signalbox.gateway.bus;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.util.List;
import java.util.regex.Pattern;

/** The shape of bus, rule and target names: safe in URLs and as file names everywhere. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Throws a {@code request.invalid} problem naming {@code what} unless the name is valid. */
    public static String require(String what, String name) {
        if (!isValid(name)) {
            throw new SignalboxException(
                    ErrorType.REQUEST_INVALID,
                    "The " + what + " name '" + name + "' is not valid.",
                    List.of(new Violation("", what + " names are 1 to 64 letters, digits, '.', '_' or '-'")));
        }
        return name;
    }
}
