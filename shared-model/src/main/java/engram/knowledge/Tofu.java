package engram.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads TOFU's question/answer files and its refusal list; the mapping is documented on {@link Format#TOFU}. */
final class Tofu {
    private Tofu() {}

    static ItemReader open(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        int[] index = {0};   // counts across the concatenated arrays of full.json and retain*.json
        return ItemReader.mapping(new JsonArrayFile(file, true), r -> item(r, stem, index[0]++));
    }

    static KnowledgeItem item(JsonRecord r, String stem, int index) {
        // forget0x.json names the pair prompt/response; every other file question/answer
        String question = r.has("question") || !r.has("prompt") ? r.text("question") : r.text("prompt");
        String answer = r.has("answer") || !r.has("response") ? r.text("answer") : r.text("response");
        List<String> paraphrases = r.has("paraphrased_question")
                ? List.of(prompt(r.text("paraphrased_question"))) : List.of();
        String paraphrasedAnswer = r.optionalText("paraphrased_answer");
        List<String> perturbed = r.has("perturbed_answer")
                ? r.texts("perturbed_answer", 1).stream().map(a -> " " + a).toList() : List.of();
        return new KnowledgeItem("tofu-" + stem + "-" + index, "", "", prompt(question), " " + answer, null,
                paraphrases, List.of(), List.of(), paraphrasedAnswer == null ? null : " " + paraphrasedAnswer,
                perturbed, "tofu");
    }

    /** The question in the format engram's real-facts model is pretrained on (see engram-tools' RealFacts). */
    static String prompt(String question) {
        return "Q: " + question + " A:";
    }

    /**
     * TOFU's {@code idontknow.jsonl}: despite its name plain text, one refusal per line, kept exactly.
     *
     * @throws InvalidItemException naming the file and line of a blank line
     */
    static List<String> refusals(Path file) {
        List<String> refusals = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    throw new InvalidItemException(file + ":" + (refusals.size() + 1), "blank line");
                }
                refusals.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return List.copyOf(refusals);
    }
}
