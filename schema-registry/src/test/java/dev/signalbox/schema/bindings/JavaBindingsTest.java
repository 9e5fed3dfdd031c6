package dev.signalbox.schema.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.schema.SchemaVersion;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated Java records compile (javax.tools, in process) and have the components the schema says. */
class JavaBindingsTest {

    static final String ORDER =
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "description": "An order was placed. Uses <b>markup</b>, an @sign and a */ terminator.",
             "type": "object",
             "required": ["order-id", "amount", "placedAt", "lines", "class"],
             "properties": {
               "order-id": {"type": "string", "format": "uuid"},
               "amount": {"type": "number"},
               "quantity": {"type": "integer"},
               "placedAt": {"type": "string", "format": "date-time"},
               "homepage": {"type": "string", "format": "uri"},
               "note": {"type": ["string", "null"]},
               "class": {"type": "boolean"},
               "status": {"enum": ["new", "in-progress", "DONE", "new!"]},
               "lines": {"type": "array", "items": {"$ref": "#/$defs/line"}},
               "customer": {"type": "object", "required": ["name"],
                            "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}}},
               "labels": {"type": "object", "additionalProperties": {"type": "string"}},
               "anything": {},
               "object": {"type": "object", "properties": {"x": {"type": "integer"}}}
             },
             "$defs": {
               "line": {"type": "object", "required": ["sku", "qty"],
                        "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"},
                                       "children": {"type": "array", "items": {"$ref": "#/$defs/line"}}}},
               "address": {"type": "object", "properties": {"street": {"type": "string"}, "zip": {"type": "string"}}}
             }}""";

    @Test
    void recordsCompileAndMirrorTheSchema(@TempDir Path dir) throws Exception {
        String source = JavaBindings.generate(version("order-placed", ORDER), "com.example.events");
        Class<?> order = compile(dir, "com.example.events.OrderPlaced", source);
        assertTrue(order.isRecord(), source);
        assertEquals(
                List.of(
                        "orderId java.util.UUID",
                        "amount double",
                        "quantity java.lang.Long",
                        "placedAt java.time.OffsetDateTime",
                        "homepage java.net.URI",
                        "note java.lang.String",
                        "class_ boolean",
                        "status com.example.events.OrderPlaced$Status",
                        "lines java.util.List<com.example.events.OrderPlaced$Line>",
                        "customer com.example.events.OrderPlaced$Customer",
                        "labels java.util.Map<java.lang.String, java.lang.String>",
                        "anything java.lang.Object",
                        "object com.example.events.OrderPlaced$Object2"),
                components(order));
        Class<?> line = Class.forName("com.example.events.OrderPlaced$Line", true, order.getClassLoader());
        assertEquals(
                List.of(
                        "sku java.lang.String",
                        "qty long",
                        "children java.util.List<com.example.events.OrderPlaced$Line>"),
                components(line),
                "a recursive $ref is one type");
        Class<?> status = Class.forName("com.example.events.OrderPlaced$Status", true, order.getClassLoader());
        assertEquals("[NEW, IN_PROGRESS, DONE, NEW2]", Arrays.toString(status.getEnumConstants()));
        assertEquals("in-progress", status.getMethod("value").invoke(status.getEnumConstants()[1]));
        Object built = order.getDeclaredConstructors()[0].newInstance(
                java.util.UUID.randomUUID(),
                12.5,
                null,
                java.time.OffsetDateTime.now(),
                URI.create("https://x.example"),
                null,
                true,
                status.getEnumConstants()[0],
                List.of(),
                null,
                Map.of("k", "v"),
                "any",
                null);
        assertTrue(built.toString().startsWith("OrderPlaced[orderId="), built.toString());
    }

    @Test
    void nonObjectSchemasAndTheDefaultPackageCompile(@TempDir Path dir) throws Exception {
        String source = JavaBindings.generate(
                version("9lives", "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"), "");
        Class<?> type = compile(dir, "T9lives", source);
        assertEquals(List.of("value java.util.List<java.lang.Long>"), components(type));
    }

    static SchemaVersion version(String name, String schema) throws Exception {
        JsonNode json = new ObjectMapper().readTree(schema);
        return new SchemaVersion("shop", name, 3, json, Instant.EPOCH);
    }

    private static List<String> components(Class<?> record) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.add(c.getName() + " " + c.getGenericType().getTypeName());
        }
        return out;
    }

    /** Compiles one unit with the JDK's compiler into {@code dir} and loads the named class. */
    static Class<?> compile(Path dir, String className, String source) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        JavaFileObject unit =
                new SimpleJavaFileObject(URI.create("string:///" + simple + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            Files.createDirectories(dir);
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(dir.toFile()));
            StringWriter output = new StringWriter();
            boolean isCompiled = compiler.getTask(
                            output, files, diagnostics, List.of("-Xlint:all", "-Werror"), null, List.of(unit))
                    .call();
            assertTrue(
                    isCompiled,
                    () -> diagnostics.getDiagnostics().stream()
                                    .map(d -> d.getLineNumber() + ": " + d.getMessage(null))
                                    .collect(Collectors.joining("\n"))
                            + "\n" + source);
        }
        URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, JavaBindingsTest.class.getClassLoader());
        return Class.forName(className, true, loader);
    }
}
