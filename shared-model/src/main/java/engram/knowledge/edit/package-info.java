/**
 * Knowledge editing: the FT-L, FT-M and LoRA baselines as EasyEdit runs them (METHODS.md §2.9), OVERTONE's
 * token-level smoothed loss and the HTO diagnostic (§7), an {@link engram.knowledge.edit.Edit} that owns one
 * change (apply, remove, merge, save, load), the {@link engram.knowledge.edit.EditLedger} (exact rollback,
 * JSONL journal) and {@link engram.knowledge.edit.SequentialEditor} for sequential editing with a locality
 * regression gate. Batch editing is one {@link engram.knowledge.edit.KnowledgeEditor#edit} (the entry point)
 * over many items. Evaluation lives in {@code engram.eval}; this package
 * only changes models.
 */
package engram.knowledge.edit;
