package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import engram.knowledge.decompress.TreeConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shape and sampling of the dialogue trees ({@link TreeConfig} documents each); a missing field keeps
 * {@link TreeConfig#balanced}'s value for one round of two questions and two answers.
 *
 * @param depth        layers below the root, 1-8 (odd layers are questions, even ones answers); default 2
 * @param branching    children per node: one value for every layer, or one per layer (exactly {@code depth}
 *                     values), each 1-16; default 2
 * @param temperature  sampling temperature in (0, 10]
 * @param topP         nucleus mass in (0, 1]
 * @param topK         most likely tokens kept, 0-100000 (0 keeps all)
 * @param seed         seeds every choice: the same model, roots and tree give the same replay
 * @param maxNewTokens generated tokens per turn, 1-256
 * @param dedup        drop empty turns, repeated questions and answers equal to a sibling's
 * @param batchSize    prompts per generation call, 1-256
 */
public record TreeParams(Integer depth, List<Integer> branching, Float temperature, Float topP, Integer topK,
                         Long seed, Integer maxNewTokens, Boolean dedup, Integer batchSize) {

    /** The library config with defaults filled in, validated; names the field of a bad value. */
    public TreeConfig toConfig() {
        TreeConfig d = TreeConfig.balanced(1, 2, 2, 0);
        Check.inRange(depth, 1, 8, "tree.depth");
        int layers = java.util.Objects.requireNonNullElse(depth, d.depth());
        List<Integer> perLayer = branching == null || branching.isEmpty() ? List.of(2) : branching;
        if (perLayer.size() != 1 && perLayer.size() != layers) {
            throw new InvalidRequestException("tree.branching", perLayer,
                    "give one value for every layer or exactly " + layers + " (the depth)");
        }
        for (int i = 0; i < perLayer.size(); i++) {
            Check.inRange(Check.present(perLayer.get(i), "tree.branching[" + i + "]"), 1, 16, "tree.branching[" + i + "]");
        }
        Bounds.aboveZero(temperature, 10, "tree.temperature");
        Bounds.aboveZero(topP, 1, "tree.topP");
        Check.inRange(topK, 0, 100_000, "tree.topK");
        Check.inRange(maxNewTokens, 1, 256, "tree.maxNewTokens");
        Check.inRange(batchSize, 1, 256, "tree.batchSize");
        List<Integer> widths = perLayer.size() == layers ? perLayer
                : new ArrayList<>(Collections.nCopies(layers, perLayer.get(0)));
        TreeConfig config = Overlay.over("tree", d, new TreeParams(null, widths, temperature, topP, topK, seed,
                maxNewTokens, dedup, batchSize), Overlay.Layout.ONLY_KNOWN);
        return Check.library("tree", config::validate);
    }

    /** Every default. */
    public static TreeParams defaults() {
        return new TreeParams(null, null, null, null, null, null, null, null, null);
    }
}
