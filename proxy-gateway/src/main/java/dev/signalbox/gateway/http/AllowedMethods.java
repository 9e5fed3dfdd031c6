package dev.signalbox.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods the router serves on a path, for the {@code Allow} header that RFC 9110 (15.5.6)
 * asks of every 405: Vert.x Web answers 405 when a path matches some route but not with the
 * request's method, and says nothing of which methods would do. Also the route template a failed
 * request was meant for, for its metrics: by then Vert.x's current route is the failure's.
 *
 * <p>Built from the router's routes once they are all added; each path template becomes a
 * pattern the way Vert.x matches it ({@code :param} one segment, a trailing {@code *} anything, a
 * trailing slash ignored). Routes without methods (auth, body handling) are not operations and are
 * left out. Immutable: read from any thread.
 */
final class AllowedMethods {

    private record Template(String template, Pattern path, Set<HttpMethod> methods) {}

    private final List<Template> templates;

    private AllowedMethods(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    static AllowedMethods of(List<Route> routes) {
        List<Template> templates = new ArrayList<>();
        for (Route route : routes) {
            if (route.getPath() != null
                    && route.methods() != null
                    && !route.methods().isEmpty()) {
                templates.add(new Template(route.getPath(), pattern(route.getPath()), Set.copyOf(route.methods())));
            }
        }
        return new AllowedMethods(templates);
    }

    /**
     * The {@code Allow} value for {@code path} (normalised): every method of every route whose
     * template matches it, in alphabetical order; empty when none does.
     */
    String allow(String path) {
        Set<String> names = new TreeSet<>();
        for (Template template : templates) {
            if (template.path().matcher(path).matches()) {
                template.methods().forEach(m -> names.add(m.name()));
            }
        }
        return String.join(", ", names);
    }

    /** Whether a route serves {@code method} on {@code path}. */
    boolean serves(String path, HttpMethod method) {
        for (Template template : templates) {
            if (template.methods().contains(method)
                    && template.path().matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The template of the first route that serves {@code method} on {@code path} (normalised),
     * in the order the routes were added, as Vert.x would pick it; null when none does.
     */
    String template(String path, HttpMethod method) {
        for (Template template : templates) {
            if (template.methods().contains(method)
                    && template.path().matcher(path).matches()) {
                return template.template();
            }
        }
        return null;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        String trimmed = template.length() > 1 && template.endsWith("/")
                ? template.substring(0, template.length() - 1)
                : template;
        for (String segment : trimmed.split("/", -1)) {
            if (!regex.isEmpty() || !segment.isEmpty()) {
                regex.append('/');
            }
            if (segment.startsWith(":")) {
                regex.append("[^/]+");
            } else if (segment.equals("*")) {
                regex.append(".*");
            } else if (!segment.isEmpty()) {
                regex.append(Pattern.quote(segment));
            }
        }
        return Pattern.compile(regex + "/?");
    }
}
