package engram.functions.api;

import engram.knowledge.KnowledgeItem;

/**
 * One edit carried in the request itself (for the on-demand path; batches belong in a dataset object).
 * Targets are the exact continuation of the prompt, leading space included ({@code " Paris"}).
 *
 * @param id         unique within the request
 * @param prompt     the text the model continues
 * @param targetNew  the continuation to write in
 * @param targetTrue the current answer, optional (lets run-eval measure ES/PS)
 * @param subject    the entity, optional
 */
public record InlineEdit(String id, String prompt, String targetNew, String targetTrue, String subject) {

    /** The library item, validated under {@code field}. */
    KnowledgeItem toItem(String field) {
        KnowledgeItem item = new KnowledgeItem(id, subject, null, prompt, targetTrue, targetNew, null, null, null,
                null, null, "inline");
        Check.present(targetNew, field + ".targetNew");
        return Check.library(field, () -> item.validate(field));
    }
}
