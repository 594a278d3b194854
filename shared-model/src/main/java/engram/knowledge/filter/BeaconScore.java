package engram.knowledge.filter;

/**
 * What the Semantic Beacons filter measured for one candidate (docs/methods.md §4.3, reconstructed [INF]).
 *
 * @param distance      {@code d_j = 1 - cos(ŝ_j, s_j)} in [0, 2] under the base model: how far the model's
 *                      answer lies from the candidate's answer beacon {@code s_j = mean_t E[a_{j,t}]}
 * @param nearestTarget id of the target with the largest conflict (ties: the first target), or null without targets
 * @param overlap       {@code cos(h_j, h_k)} with that target: how much the two prompts share a representation
 * @param disagreement  {@code (1 - cos(s_j, s_k)) / 2} in [0, 1] with that target: how different the answers are
 * @param conflict      {@code max(0, overlap) · disagreement}: the predicted interference with the target
 *                      (training j moves the shared representation towards a different answer)
 */
public record BeaconScore(double distance, String nearestTarget, double overlap, double disagreement,
                          double conflict) {}
