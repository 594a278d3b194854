package engram.knowledge.unlearn;

import engram.knowledge.KnowledgeItem;
import java.util.List;

/**
 * What to unlearn (or learn) and how.
 *
 * @param method   UNLEARN, LEARN or a baseline
 * @param targets  the knowledge to remove (UNLEARN, baselines: each item's true answer) or to add (LEARN: each
 *                 item's {@link KnowledgeItem#target()}, its new target when it has one)
 * @param keep     knowledge that must stay: UNLEARN/LEARN orthogonalise against its task matrices, gradient
 *                 difference and IDK descend on it; may be empty for UNLEARN/LEARN (no orthogonalisation) and
 *                 gradient ascent
 * @param refusals IDK's answers, without leading space (TOFU's {@code idontknow.jsonl}); only IDK reads them
 * @param config   the hyper-parameters
 */
public record UnlearningRequest(UnlearnMethod method, List<KnowledgeItem> targets, List<KnowledgeItem> keep,
                                List<String> refusals, UnlearnConfig config) {

    public UnlearningRequest {
        targets = targets == null ? List.of() : List.copyOf(targets);
        keep = keep == null ? List.of() : List.copyOf(keep);
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
    }

    /**
     * Checks that the method has what it needs.
     *
     * @return this
     * @throws IllegalArgumentException naming the missing part
     */
    public UnlearningRequest validate() {
        if (method == null) {
            throw new IllegalArgumentException("method must be one of " + List.of(UnlearnMethod.values()) + ", got null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        config.validate();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets must not be empty");
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).validate("targets[" + i + "]");
        }
        for (int i = 0; i < keep.size(); i++) {
            keep.get(i).validate("keep[" + i + "]");
        }
        boolean needsKeep = method == UnlearnMethod.GRADIENT_DIFFERENCE || method == UnlearnMethod.IDK_FINE_TUNING;
        if (needsKeep && keep.isEmpty()) {
            throw new IllegalArgumentException(method + " needs keep items to descend on");
        }
        if (method == UnlearnMethod.IDK_FINE_TUNING && (refusals.isEmpty() || refusals.stream().anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("IDK_FINE_TUNING needs non-blank refusals");
        }
        return this;
    }
}
