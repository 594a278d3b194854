package engram.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The real-facts corpus for benchmarks: CounterFact's true facts (prompt, rephrase and locality prompt,
 * each completed with its ground truth) and TOFU's 4,000 question/answer pairs, read from
 * {@code ../shared/data}. Held-out perplexity uses CounterFact's separate training split, never trained on.
 */
public final class RealFacts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealFacts() {}

    /**
     * Builds the corpus from the shared data folder.
     *
     * @param cases CounterFact cases to use (at most 10,000)
     * @throws IllegalArgumentException naming the file when one is missing or malformed
     */
    public static Corpus load(Path sharedData, int cases, long seed) {
        JsonNode counterfact = read(sharedData.resolve("counterfact-easyedit/counterfact-edit.json"));
        JsonNode heldOut = read(sharedData.resolve("counterfact-easyedit/counterfact-train.json"));
        List<Probe> prompts = new ArrayList<>();
        List<Probe> rephrases = new ArrayList<>();
        List<Probe> locality = new ArrayList<>();
        for (int i = 0; i < Math.min(cases, counterfact.size()); i++) {
            JsonNode c = counterfact.get(i);
            String id = "cf-" + text(c, "case_id");
            prompts.add(new Probe(id, "counterfact_prompt", text(c, "prompt"), " " + text(c, "ground_truth")));
            rephrases.add(new Probe(id, "counterfact_rephrase", text(c, "rephrase_prompt"), " " + text(c, "ground_truth")));
            locality.add(new Probe(id, "counterfact_locality", text(c, "locality_prompt"),
                    " " + text(c, "locality_ground_truth")));
        }
        List<Probe> tofu = new ArrayList<>();
        for (String line : lines(sharedData.resolve("tofu/full.json"))) {
            for (JsonNode qa : parse(line, "tofu/full.json")) {
                tofu.add(new Probe("tofu-" + tofu.size(), "tofu_qa", "Q: " + text(qa, "question") + " A:",
                        " " + text(qa, "answer")));
            }
        }
        List<String> documents = new ArrayList<>();
        for (List<Probe> set : List.of(prompts, rephrases, locality, tofu)) {
            set.forEach(p -> documents.add(p.prompt() + p.target()));
        }
        Collections.shuffle(documents, new Random(seed));
        List<String> perplexity = new ArrayList<>();
        for (int i = 0; i < Math.min(500, heldOut.size()); i++) {
            perplexity.add(text(heldOut.get(i), "prompt") + " " + text(heldOut.get(i), "ground_truth") + ".");
        }
        List<String> tokenizerTexts = new ArrayList<>(documents);
        tokenizerTexts.addAll(perplexity);
        Map<String, List<Probe>> probes = new LinkedHashMap<>();
        probes.put("counterfact_prompts", prompts);
        probes.put("counterfact_rephrases", rephrases);
        probes.put("counterfact_locality", locality);
        probes.put("tofu_qa", tofu);
        return new Corpus("real-facts", documents, tokenizerTexts, probes, perplexity);
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("missing data file " + file);
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON in " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("missing data file " + file);
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode parse(String line, String file) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON line in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("record " + node.toString().substring(0, Math.min(80, node.toString().length()))
                    + " lacks field '" + field + "'");
        }
        return value.asText();
    }
}
