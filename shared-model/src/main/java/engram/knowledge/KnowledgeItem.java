package engram.knowledge;

import java.util.List;

/**
 * One fact in EasyEdit's vocabulary, whatever file it came from: the prompt the model completes, the true
 * object and (for edits) the new one, plus the probes an evaluation needs. Every target is the exact
 * continuation of its prompt, leading space included ({@code " Paris"}): readers of datasets that store
 * bare objects add the space, as EasyEdit and ROME do when they tokenize {@code " " + target}.
 *
 * <p>Jackson builds these from engram's JSONL (snake_case names), so the compact constructor normalises and
 * never throws; {@link #validate(String)} names the first bad field.
 *
 * @param id                unique within its dataset, e.g. {@code counterfact-42}
 * @param subject           the entity the fact is about (may be empty for question-only datasets)
 * @param relation          relation label or Wikidata id ({@code P101}); empty when the dataset has none
 * @param prompt            the text the model continues (cloze, or {@code "Q: <question> A:"} for QA data)
 * @param targetTrue        what a model that knows the fact continues with; may be null for pure edits
 * @param targetNew         the counterfactual object to write in; null when the item is not an edit
 * @param paraphrases       other prompts for the same fact (generalisation)
 * @param neighbours        other subjects' prompts with their own answers (locality: must not change)
 * @param portability       questions whose answers follow from the edited fact (multi-hop)
 * @param paraphrasedTarget the true answer in other words (TOFU's {@code paraphrased_answer}); may be null
 * @param perturbedTargets  fluent but false answers (TOFU's {@code perturbed_answer}), for the truth ratio
 * @param source            the dataset, e.g. {@code counterfact}, {@code tofu}, {@code engram-world}
 * @param weight            the item's loss weight when it is trained on (Semantic Beacons' re-weighting, written by
 *                          {@code filter-shard}); 1 unless a filter set it, always finite and &gt; 0
 */
public record KnowledgeItem(String id, String subject, String relation, String prompt, String targetTrue,
                            String targetNew, List<String> paraphrases, List<Check> neighbours,
                            List<Check> portability, String paraphrasedTarget, List<String> perturbedTargets,
                            String source, double weight) {

    /** An item of weight 1. */
    public KnowledgeItem(String id, String subject, String relation, String prompt, String targetTrue, String targetNew,
                         List<String> paraphrases, List<Check> neighbours, List<Check> portability,
                         String paraphrasedTarget, List<String> perturbedTargets, String source) {
        this(id, subject, relation, prompt, targetTrue, targetNew, paraphrases, neighbours, portability,
                paraphrasedTarget, perturbedTargets, source, 1);
    }

    /** The same item with loss weight {@code value}. */
    public KnowledgeItem withWeight(double value) {
        return new KnowledgeItem(id, subject, relation, prompt, targetTrue, targetNew, paraphrases, neighbours,
                portability, paraphrasedTarget, perturbedTargets, source, value);
    }

    /**
     * A prompt and the continuation expected after it.
     *
     * @param prompt the text the model continues
     * @param target the expected continuation, leading space included
     */
    public record Check(String prompt, String target) {
    }

    public KnowledgeItem {
        subject = subject == null ? "" : subject;
        relation = relation == null ? "" : relation;
        paraphrases = paraphrases == null ? List.of() : List.copyOf(paraphrases);
        neighbours = neighbours == null ? List.of() : List.copyOf(neighbours);
        portability = portability == null ? List.of() : List.copyOf(portability);
        perturbedTargets = perturbedTargets == null ? List.of() : List.copyOf(perturbedTargets);
    }

    /** A fact with only a prompt and its true answer. */
    public static KnowledgeItem fact(String id, String prompt, String targetTrue, String source) {
        return new KnowledgeItem(id, "", "", prompt, targetTrue, null, null, null, null, null, null, source);
    }

    /** The target an edit writes in, or the true one when the item is not an edit. */
    public String target() {
        return targetNew != null ? targetNew : targetTrue;
    }

    /** Whether the item asks to rewrite the fact. */
    public boolean isEdit() {
        return targetNew != null;
    }

    /**
     * Checks what every consumer relies on.
     *
     * @param where names the item in the message, e.g. {@code items.jsonl:12}
     * @return this item
     * @throws InvalidItemException naming {@code where}, the field and its value
     */
    public KnowledgeItem validate(String where) {
        require(id != null && !id.isBlank(), where, "id", id);
        require(prompt != null && !prompt.isEmpty(), where, "prompt", prompt);
        require(targetTrue != null || targetNew != null, where, "target_true", targetTrue);
        require(targetTrue == null || !targetTrue.isEmpty(), where, "target_true", targetTrue);
        require(targetNew == null || !targetNew.isEmpty(), where, "target_new", targetNew);
        require(weight > 0 && Double.isFinite(weight), where, "weight", weight);
        for (int i = 0; i < neighbours.size(); i++) {
            Check c = neighbours.get(i);
            require(c != null && c.prompt() != null && c.target() != null && !c.target().isEmpty(), where,
                    "neighbours[" + i + "]", c);
        }
        for (int i = 0; i < portability.size(); i++) {
            Check c = portability.get(i);
            require(c != null && c.prompt() != null && c.target() != null && !c.target().isEmpty(), where,
                    "portability[" + i + "]", c);
        }
        return this;
    }

    private static void require(boolean ok, String where, String field, Object value) {
        if (!ok) {
            throw new InvalidItemException(where, field, value);
        }
    }
}
