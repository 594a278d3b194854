package engram.knowledge.filter;

/**
 * Settings of the Semantic Beacons filter and re-weighting (arXiv 2405.18292, docs/methods.md §4.3). The paper's
 * layer, thresholds and criterion were not found; every value here is a reconstruction [INF] with the default
 * docs/methods.md proposes, or, where docs/methods.md is silent, the default documented on the component.
 *
 * @param layer                 decoder layer whose residual stream, mean-pooled over the prompt tokens, is an
 *                              item's prompt representation {@code h_i}; -1 means the last layer. Default -1
 * @param output                how the model's answer becomes a vector {@code ŝ_i}: the expected input embedding
 *                              under the teacher-forced distribution (METHODS' main choice) or the embedding of
 *                              the greedy token. Default {@link BeaconOutput#EXPECTED}
 * @param firstTokenOnly        compare only the answer's first token instead of the mean over all answer tokens.
 *                              Default false
 * @param centre                subtract the mean prompt representation (over targets and candidates) before
 *                              taking cosines, so that the common direction of all hidden states (anisotropy)
 *                              does not make every pair look alike. Default true
 * @param overlapThreshold      a candidate asks "the same question" as a target when
 *                              {@code cos(h_j, h_k) >= overlapThreshold}. Default 0.9
 * @param disagreementThreshold ... and "gives another answer" when
 *                              {@code (1 - cos(s_j, s_k)) / 2 >= disagreementThreshold}. Default 0.05
 * @param selection             which reading of the paper's distance filter runs after the conflict rule.
 *                              Default {@link BeaconSelectionRule#SPREAD} (Reading A)
 * @param keepFraction          ρ, the share of the surviving candidates Reading A keeps (rounded up). Default 0.8
 * @param spreadWeight          β in {@code J(S) = -mean_{i∈S} d_i + β · trace Cov_{i∈S}(s_i)}. Default 1.0
 * @param distanceQuantile      q_d: Reading B keeps candidates with {@code d_i} at or below this quantile of the
 *                              survivors' distances. Default 0.9
 * @param gamma                 γ in the weight {@code w_i = 1 + γ · d_i}, normalised to mean 1. Default 1.0
 * @param batchSize             items per forward pass. Default 8
 */
public record BeaconConfig(int layer, BeaconOutput output, boolean firstTokenOnly, boolean centre,
                           double overlapThreshold, double disagreementThreshold, BeaconSelectionRule selection,
                           double keepFraction, double spreadWeight, double distanceQuantile, double gamma,
                           int batchSize) {

    /** The defaults listed above. */
    public static BeaconConfig defaults() {
        return new BeaconConfig(-1, BeaconOutput.EXPECTED, false, true, 0.9, 0.05, BeaconSelectionRule.SPREAD, 0.8,
                1.0, 0.9, 1.0, 8);
    }

    /** The same settings with another distance filter. */
    public BeaconConfig withSelection(BeaconSelectionRule rule) {
        return new BeaconConfig(layer, output, firstTokenOnly, centre, overlapThreshold, disagreementThreshold, rule,
                keepFraction, spreadWeight, distanceQuantile, gamma, batchSize);
    }

    /** The same settings with prompt representations read at {@code decoderLayer} (-1: the last). */
    public BeaconConfig atLayer(int decoderLayer) {
        return new BeaconConfig(decoderLayer, output, firstTokenOnly, centre, overlapThreshold, disagreementThreshold,
                selection, keepFraction, spreadWeight, distanceQuantile, gamma, batchSize);
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public void validate() {
        require(layer >= -1, "layer", layer, ">= -1");
        require(output != null, "output", output, "EXPECTED or GREEDY");
        require(selection != null, "selection", selection, "SPREAD, QUANTILE or NONE");
        require(overlapThreshold >= -1 && overlapThreshold <= 1, "overlapThreshold", overlapThreshold, "in [-1, 1]");
        require(disagreementThreshold >= 0 && disagreementThreshold <= 1, "disagreementThreshold",
                disagreementThreshold, "in [0, 1]");
        require(keepFraction > 0 && keepFraction <= 1, "keepFraction", keepFraction, "in (0, 1]");
        require(spreadWeight >= 0 && Double.isFinite(spreadWeight), "spreadWeight", spreadWeight, ">= 0");
        require(distanceQuantile >= 0 && distanceQuantile <= 1, "distanceQuantile", distanceQuantile, "in [0, 1]");
        require(gamma >= 0 && Double.isFinite(gamma), "gamma", gamma, ">= 0");
        require(batchSize > 0, "batchSize", batchSize, "> 0");
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", got " + value);
        }
    }
}
