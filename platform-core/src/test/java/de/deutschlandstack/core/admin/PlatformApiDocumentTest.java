package de.deutschlandstack.core.admin;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes exactly the operations the resources serve: none missing, none invented. */
class PlatformApiDocumentTest {

    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", PATCH.class, "patch", DELETE.class, "delete");

    @Test
    void everyServedOperationIsDocumentedAndNothingElse() throws IOException {
        TreeSet<String> served = new TreeSet<>();
        for (Class<?> resource : new PlatformApi().getClasses()) {
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : resource.getDeclaredMethods()) {
                for (Map.Entry<Class<? extends Annotation>, String> verb : VERBS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        served.add(verb.getValue() + " " + join(root.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        assertThat(documented()).isEqualTo(served);
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** "verb path" for every operation under {@code paths:} of the document. */
    private static TreeSet<String> documented() throws IOException {
        String yaml;
        try (InputStream in = PlatformApiDocumentTest.class.getResourceAsStream(OpenApiDocument.LOCATION)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, StringBuilder> blocks = new LinkedHashMap<>();
        String current = null;
        boolean inPaths = false;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ")) {
                inPaths = line.startsWith("paths:");
                current = null;
                continue;
            }
            if (inPaths && line.matches("  /\\S*:\\s*")) {
                current = line.trim().replaceAll(":$", "");
                blocks.put(current, new StringBuilder());
            } else if (inPaths && current != null) {
                blocks.get(current).append(line).append('\n');
            }
        }
        TreeSet<String> operations = new TreeSet<>();
        blocks.forEach((path, block) -> {
            for (String verb : VERBS.values()) {
                if (block.toString().contains("\n    " + verb + ":") || block.toString().startsWith("    " + verb + ":")) {
                    operations.add(verb + " " + path);
                }
            }
        });
        return operations;
    }
}
