/**
 * Removing and adding knowledge: UNLEARN/LEARN (arXiv 2408.04140, reconstructed in docs/methods.md §6.3) and the TOFU
 * baselines gradient ascent, gradient difference and IDK fine-tuning, all behind
 * {@link engram.knowledge.unlearn.Unlearner#run}. The result, {@link engram.knowledge.unlearn.Unlearning}, owns
 * the weight deltas and a snapshot, so the change can be reverted bit-exactly; it saves itself as an edit folder
 * of kind {@code engram-unlearning} ({@code edit.json} + {@code deltas.safetensors}) and loads back from one. The
 * subspace maths ({@link engram.knowledge.unlearn.GramSchmidt}, {@link engram.knowledge.unlearn.Subspaces}) runs in float64 on the
 * JVM with EJML. Evaluation lives in {@code engram.eval} (UnlearningEvaluation), not here.
 */
package engram.knowledge.unlearn;
