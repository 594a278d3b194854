/**
 * What every editing method shares, and the contract a method implements (docs/methods.md §2.9, §5, §7).
 *
 * <ul>
 * <li>{@link engram.knowledge.edit.EditMethod}: the one list of methods;</li>
 * <li>{@link engram.knowledge.edit.EditConfig}: the settings every method has (learning rate, steps, seed, loss)
 *     plus the method's own {@link engram.knowledge.edit.MethodSettings};</li>
 * <li>{@link engram.knowledge.edit.Editor}: how a method turns a prepared {@link engram.knowledge.edit.EditRun}
 *     into a change of the weights;</li>
 * <li>{@link engram.knowledge.edit.EditRun}: the shared work (tokenising, replay mixing, the step hook with early
 *     stopping, checkpoints and the token trace);</li>
 * <li>{@link engram.knowledge.edit.Edit}: the result, a {@link engram.knowledge.change.WeightChange} that remembers
 *     its config and training.</li>
 * </ul>
 *
 * <p>Each method lives in its own package below this one ({@code ft}, {@code lora}, {@code overtone}); the
 * registry and the entry point ({@code engram.knowledge.editor}) sit above, so that no package here depends on a
 * method.
 */
package engram.knowledge.edit;
