/**
 * Knowledge editing: the FT-L, FT-M and LoRA baselines as EasyEdit runs them (METHODS.md §2.9), OVERTONE's
 * token-level smoothed loss and the HTO diagnostic (§7), an {@link engram.knowledge.edit.Edit} that owns one
 * change (apply, remove, merge, save, load), and the {@link engram.knowledge.edit.EditLedger} for batch and
 * sequential editing with exact rollback and a locality regression gate. Entry point:
 * {@link engram.knowledge.edit.KnowledgeEditor#edit}. Evaluation lives in {@code engram.eval}; this package
 * only changes models.
 */
package engram.knowledge.edit;
