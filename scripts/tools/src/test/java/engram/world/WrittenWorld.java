package engram.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A standard world written to a folder and read back, so tests check the files rather than the objects. */
record WrittenWorld(Path folder) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static WrittenWorld generate(Path folder, long seed) {
        World.generate(WorldSpec.standard(seed)).writeTo(folder);
        return new WrittenWorld(folder);
    }

    List<JsonNode> lines(String file) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text(file)) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(file + " has a line that is not JSON: " + line, e);
            }
        }
        return nodes;
    }

    List<String> text(String file) {
        try {
            return Files.readAllLines(folder.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode summary() {
        try {
            return JSON.readTree(folder.resolve("world.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** relation -> subject id -> object id, from facts.jsonl; fails on a second object for a subject. */
    Map<String, Map<String, String>> factsByRelation() {
        Map<String, Map<String, String>> byRelation = new LinkedHashMap<>();
        for (JsonNode fact : lines("facts.jsonl")) {
            String relation = fact.get("relation").asText();
            Map<String, String> links = byRelation.computeIfAbsent(relation, r -> new LinkedHashMap<>());
            String previous = links.put(fact.get("subject_id").asText(), fact.get("object_id").asText());
            if (previous != null) {
                throw new AssertionError("two objects for " + fact.get("subject_id") + " " + fact.get("relation"));
            }
        }
        return byRelation;
    }

    /** entity id -> name, from entities.jsonl. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        lines("entities.jsonl").forEach(e -> names.put(e.get("id").asText(), e.get("name").asText()));
        return names;
    }
}
