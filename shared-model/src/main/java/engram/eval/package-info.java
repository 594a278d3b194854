/**
 * Measuring what a model knows: teacher-forced token accuracy (EasyEdit's primitive), target
 * log-probabilities and the reports built on them. Reports are plain data.
 *
 * <p>Unlearning (TOFU, Maini et al. 2024; docs/methods.md §2.5): {@link engram.eval.UnlearningEvaluation} runs the
 * benchmark on {@link engram.eval.UnlearningSets} and returns {@link engram.eval.UnlearningScores}; the
 * formulas live in {@link engram.eval.RougeL}, {@link engram.eval.TruthRatio}, {@link engram.eval.ForgetQuality},
 * {@link engram.eval.ModelUtility} and {@link engram.eval.AccuracyChange}.
 */
package engram.eval;
