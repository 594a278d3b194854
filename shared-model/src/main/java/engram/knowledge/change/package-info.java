/**
 * One abstraction for a change to a model's weights: {@link engram.knowledge.change.WeightChange}, whatever made
 * it (an edit, an unlearning, a loaded adapter). A change is either a LoRA adapter (it computes its own branch
 * until merged) or a set of weight deltas {@code ΔW} written in as {@code W ← W_before + ΔW}. It is applied,
 * merged, removed (bit-exact, from a snapshot) and closed the same way whatever its origin, and it is saved in one
 * folder layout ({@link engram.knowledge.change.ChangeFiles}): {@code edit.json} plus PEFT's two files or
 * {@code deltas.safetensors}. The ledger ({@code engram.knowledge.editor.EditLedger}) stacks any of them.
 */
package engram.knowledge.change;
