package engram.world;

import java.util.List;

/**
 * A counterfactual edit of one fact in engram's knowledge-item vocabulary (EasyEdit's): rewrite
 * {@code targetTrue} to {@code targetNew}, generalise to the paraphrases, leave the neighbours alone and
 * carry the change over to the portability questions.
 *
 * @param id          the fact's id
 * @param subject     the subject's name
 * @param relation    the relation's label
 * @param prompt      the first (pretraining, cloze) template rendered for the subject
 * @param targetTrue  the true object, leading space included
 * @param targetNew   another object of the same type, leading space included, never the true one
 * @param paraphrases the held-out templates rendered for the subject
 * @param neighbours  same relation, other subjects, their true objects (must not change)
 * @param portability two-hop questions whose answers follow from the new target (may be empty)
 * @param source      always {@code engram-world}
 */
public record EditItem(String id, String subject, String relation, String prompt, String targetTrue,
                       String targetNew, List<String> paraphrases, List<Check> neighbours, List<Check> portability,
                       String source) {

    /** The value of {@code source} for every item this package writes. */
    public static final String SOURCE = "engram-world";

    /**
     * A prompt and the continuation expected after it.
     *
     * @param prompt the text the model continues
     * @param target the expected continuation, leading space included
     */
    public record Check(String prompt, String target) {
    }
}
