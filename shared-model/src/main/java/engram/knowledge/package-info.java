/**
 * Knowledge items in EasyEdit's vocabulary ({@link engram.knowledge.KnowledgeItem}) and the readers that turn
 * real datasets into them: CounterFact, zsRE, MQuAKE, TOFU, ParaRel, ROME's known_1000 and engram's own JSONL
 * ({@link engram.knowledge.Datasets#open(java.nio.file.Path, engram.knowledge.Format)}), plus the writer for
 * engram's JSONL ({@link engram.knowledge.EngramJsonl}).
 *
 * <p>Readers stream (Jackson's {@code JsonParser} for JSON arrays, one line at a time for JSONL), are strict
 * (every bad record is an {@link engram.knowledge.InvalidItemException} naming file, line and field) and add
 * the leading space that makes each target the exact continuation of its prompt. Scoring, editing and
 * anything that needs a model do not belong here; they take items from this package.
 */
package engram.knowledge;
