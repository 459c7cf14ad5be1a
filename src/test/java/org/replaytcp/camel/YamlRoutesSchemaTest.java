package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped YAML route files (and the embedding example's) validate against Camel's own YAML DSL schema, as IDEs
 * and Karavan check them, with no exception: a role is switched on or off by its session's {@code enabled} bean
 * setting, not by an {@code autoStartup} placeholder (the schema wants a boolean there).
 */
class YamlRoutesSchemaTest {

    private static final List<Path> ROUTE_DIRECTORIES = List.of(
            Path.of("routes"), Path.of("routes/examples"), Path.of("examples/embedded/src/main/resources/routes"));

    @Test
    void theRouteFilesFollowCamelsYamlDslSchema() throws Exception {
        JsonSchema schema = camelYamlDslSchema();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Path> files = new ArrayList<>();
        for (Path directory : ROUTE_DIRECTORIES) {
            try (Stream<Path> routes = Files.list(directory)) {
                routes.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertEquals(5, files.size(), files.toString());
        for (Path file : files) {
            assertEquals(List.of(), problems(schema, yaml.readTree(file.toFile())), file.toString());
        }
    }

    /** The validator does look: the placeholder the routes used to have for autoStartup is refused. */
    @Test
    void anAutoStartupPlaceholderIsRefusedByTheSchema() throws Exception {
        JsonNode route = new ObjectMapper(new YAMLFactory())
                .readTree("- route:\n    id: r\n    autoStartup: \"{{replay.client.enabled:true}}\"\n"
                        + "    from:\n      uri: direct:a\n      steps:\n        - to: mock:b\n");
        assertEquals(
                List.of("$[0].route.autoStartup: string found, boolean expected"),
                problems(camelYamlDslSchema(), route));
    }

    private static List<String> problems(JsonSchema schema, JsonNode routes) {
        return schema.validate(routes).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema camelYamlDslSchema() throws java.io.IOException {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class
                .getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }
}
