package engram.eval;

import engram.knowledge.KnowledgeItem;
import java.util.List;

/**
 * The question sets of an unlearning evaluation (TOFU's layout): the forget set, the retain sets whose
 * figures make up model utility, and what the forget set's truth ratios are compared against for forget
 * quality. Items are QA facts: prompt {@code "Q: <question> A:"}, {@code targetTrue} {@code " <answer>"},
 * and, for the truth ratio, {@code paraphrasedTarget} and {@code perturbedTargets}.
 *
 * @param forget    the questions the model should no longer answer
 * @param retain    the questions it should still answer; at least one set
 * @param reference the comparison sample of forget quality
 */
public record UnlearningSets(ItemSet forget, List<ItemSet> retain, ForgetReference reference) {

    public UnlearningSets {
        retain = List.copyOf(retain);
    }

    /**
     * A named list of items.
     *
     * @param name  how reports name the set, e.g. {@code forget01}, {@code retain}
     * @param items the questions
     */
    public record ItemSet(String name, List<KnowledgeItem> items) {
        public ItemSet {
            items = List.copyOf(items);
        }
    }

    /** What the unlearned model's forget-set truth ratios are compared against. */
    public sealed interface ForgetReference permits RetainModel, NeverSeen {
    }

    /**
     * TOFU's reference: the truth ratios {@code R} of a model trained without the forget set, on the same forget
     * questions (for instance {@code retainOnlyScores.forget().ratios()} from an evaluation of that model).
     *
     * @param ratios one {@code R} per forget question
     */
    public record RetainModel(double[] ratios) implements ForgetReference {
        public RetainModel {
            ratios = ratios.clone();
        }
    }

    /**
     * Engram's stand-in when no retain-only model exists: the evaluated model's own truth ratios on questions
     * about never-seen entities (the generated world's holdout authors). See {@link ForgetQuality#HOLDOUT_NOTE}.
     *
     * @param items the never-seen questions, with perturbed answers
     */
    public record NeverSeen(ItemSet items) implements ForgetReference {
    }

    /**
     * Checks every item and that each set has items.
     *
     * @return this
     * @throws IllegalArgumentException naming the set when it is empty or an item lacks its true answer
     * @throws engram.knowledge.InvalidItemException naming the item when it is malformed
     */
    public UnlearningSets validate() {
        check(forget);
        if (retain.isEmpty()) {
            throw new IllegalArgumentException("at least one retain set is needed");
        }
        retain.forEach(UnlearningSets::check);
        if (reference instanceof NeverSeen neverSeen) {
            check(neverSeen.items());
        } else if (reference instanceof RetainModel model && model.ratios().length == 0) {
            throw new IllegalArgumentException("the retain-only model's ratios are empty");
        } else if (reference == null) {
            throw new IllegalArgumentException("reference must be given");
        }
        return this;
    }

    private static void check(ItemSet set) {
        if (set.items().isEmpty()) {
            throw new IllegalArgumentException("set " + set.name() + " has no items");
        }
        for (int i = 0; i < set.items().size(); i++) {
            KnowledgeItem item = set.items().get(i).validate(set.name() + "[" + i + "]");
            if (item.targetTrue() == null) {
                throw new IllegalArgumentException(set.name() + "[" + i + "] (" + item.id() + ") has no target_true");
            }
        }
    }
}
