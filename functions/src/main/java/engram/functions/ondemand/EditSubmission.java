package engram.functions.ondemand;

import com.fasterxml.jackson.annotation.JsonInclude;
import engram.functions.api.ArtifactRef;
import engram.functions.api.EditParams;
import engram.functions.api.EvalParams;
import engram.functions.api.Money;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.edit.EditMethod;
import java.util.List;

/**
 * The body of {@code POST /edits}: one or a few facts to write into a model, how, and what the run may spend.
 * Either {@code prompt} + {@code target} (one edit) or {@code edits} (several, trained together).
 *
 * @param model       the base model's folder; null means {@code engram.api.default-model}
 * @param prompt      one edit: the text the model continues
 * @param target      one edit: the continuation to write in, exactly (leading space included: {@code " Paris"})
 * @param edits       several edits
 * @param edit        method and hyper-parameters; null means LoRA with its defaults
 * @param eval        settings of the quick evaluation; null keeps the defaults
 * @param minEfficacy the edit folder is published when the quick evaluation's efficacy is at least this; null means
 *                    {@code engram.api.min-efficacy}
 * @param budgetUsd   the run's hard cost cap in USD; null means {@code engram.api.default-budget-usd}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EditSubmission(ArtifactRef model, String prompt, String target, List<Fact> edits, EditParams edit,
                             EvalParams eval, Double minEfficacy, Double budgetUsd) {

    /**
     * One fact to write in.
     *
     * @param prompt     the text the model continues
     * @param target     the new continuation, exactly
     * @param targetTrue the current answer, optional (lets the evaluation measure the edit's margin)
     * @param subject    the entity the fact is about, optional
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fact(String prompt, String target, String targetTrue, String subject) {}

    /**
     * Checks the body before anything runs and fills in the defaults, so that equal requests compare (and
     * digest) equal.
     *
     * @throws InvalidRequestException naming the field
     */
    public EditSubmission validate(EditApiConfig api, EngramConfig config) {
        boolean single = prompt != null || target != null;
        if (single == (edits != null)) {
            throw new InvalidRequestException("prompt", null, "give either 'prompt' and 'target' or 'edits'");
        }
        List<Fact> facts = single ? List.of(new Fact(prompt, target, null, null)) : List.copyOf(edits);
        if (facts.isEmpty()) {
            throw new InvalidRequestException("edits", "[]", "at least one edit is needed");
        }
        if (facts.size() > config.limits().maxInlineEdits()) {
            throw new InvalidRequestException("edits", facts.size(),
                    "at most " + config.limits().maxInlineEdits() + " edits per request");
        }
        for (int i = 0; i < facts.size(); i++) {
            String field = single ? "" : "edits[" + i + "].";
            Fact fact = facts.get(i);
            if (fact == null) {
                throw new InvalidRequestException("edits[" + i + "]", null, "must be an object");
            }
            requireText(fact.prompt(), field + "prompt");
            requireText(fact.target(), field + "target");
        }
        ArtifactRef m = model == null ? ArtifactRef.parse(api.defaultModel()) : model;
        m.validateFolder("model", "edit");
        EditParams params = edit == null ? defaultEdit() : edit;
        params.toConfig(config.limits());
        EvalParams evaluation = eval == null ? EvalParams.defaults() : eval;
        evaluation.editOptions();
        double min = minEfficacy == null ? api.minEfficacy() : minEfficacy;
        double budget = budgetUsd == null ? api.defaultBudgetUsd() : budgetUsd;
        if (!(min >= 0 && min <= 1)) {
            throw new InvalidRequestException("minEfficacy", min, "must be between 0 and 1");
        }
        if (!(budget >= 0 && budget <= 1e6)) {
            throw new InvalidRequestException("budgetUsd", budget, "must be between 0 and 1000000");
        }
        return new EditSubmission(m.inBucket(config.store().bucket()), null, null, facts, params, evaluation, min, budget);
    }

    /** LoRA with its defaults. */
    static EditParams defaultEdit() {
        return new EditParams(EditMethod.LORA, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** The budget as the workflows count it: integer micro-dollars. */
    public long capMicros() {
        return Money.capMicros(budgetUsd);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, value, "must be non-blank text");
        }
    }
}
