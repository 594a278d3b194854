package engram.knowledge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.CausalLm;
import engram.model.Forward;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher-forced scoring of targets after prompts, EasyEdit's {@code test_prediction_acc}
 * (docs/methods.md §2.1): prompt and target are tokenized separately, one forward pass over
 * {@code prompt + target}, and each target token counts as correct when it is the argmax at the
 * position before it. Batches are right-padded, which needs no mask: causal attention keeps real
 * tokens from seeing the pads after them.
 */
public final class TeacherForcing {
    private TeacherForcing() {}

    /**
     * How a model does on one target.
     *
     * @param tokenAccuracy fraction of target tokens predicted top-1
     * @param exact         whether every target token is top-1
     * @param logProbability summed log-probability of the target tokens
     * @param firstTokenRank rank of the target's first token among all tokens (0 = top-1)
     * @param predicted     the argmax token at each target position
     * @param tokenLogProbabilities log-probability of each target token given everything before it
     */
    public record Score(double tokenAccuracy, boolean exact, double logProbability, int firstTokenRank,
                        long[] predicted, double[] tokenLogProbabilities) {

        /** Mean log-probability per target token: {@code logProbability / |target|}, minus ROME's NLL. */
        public double meanLogProbability() {
            return logProbability / tokenLogProbabilities.length;
        }
    }

    /**
     * Scores texts: each prompt is encoded after the model's BOS token and each target as it tokenizes after
     * its prompt ({@link Tokenizer#encodeContinuation}; a target keeps its leading space, {@code " Paris"}).
     *
     * @throws IllegalArgumentException when the lists differ in length or a prompt or target is empty
     */
    public static List<Score> scoreTexts(CausalLm model, Tokenizer tokenizer, List<String> prompts,
                                         List<String> targets, int batchSize) {
        if (prompts.size() != targets.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + targets.size() + " targets");
        }
        List<long[]> promptIds = new ArrayList<>(prompts.size());
        List<long[]> targetIds = new ArrayList<>(targets.size());
        for (int i = 0; i < prompts.size(); i++) {
            promptIds.add(tokenizer.encodeWithBos(prompts.get(i)));
            targetIds.add(tokenizer.encodeContinuation(prompts.get(i), targets.get(i)));
        }
        return score(model, promptIds, targetIds, batchSize);
    }

    /**
     * Scores every (prompt, target) pair, {@code batchSize} pairs per forward pass.
     *
     * @throws IllegalArgumentException when the lists differ in length or a prompt or target is empty
     */
    public static List<Score> score(CausalLm model, List<long[]> prompts, List<long[]> targets, int batchSize) {
        if (prompts.size() != targets.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + targets.size() + " targets");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        List<Score> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += batchSize) {
            int to = Math.min(prompts.size(), from + batchSize);
            out.addAll(batch(model, prompts.subList(from, to), targets.subList(from, to)));
        }
        return out;
    }

    private static List<Score> batch(CausalLm model, List<long[]> prompts, List<long[]> targets) {
        int rows = prompts.size();
        int length = 0;
        for (int r = 0; r < rows; r++) {
            if (prompts.get(r).length == 0 || targets.get(r).length == 0) {
                throw new IllegalArgumentException("item " + r + ": prompt and target need at least one token each");
            }
            length = Math.max(length, prompts.get(r).length + targets.get(r).length);
        }
        long[] ids = new long[rows * length];
        int positions = 0;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(prompts.get(r), 0, ids, r * length, prompts.get(r).length);
            System.arraycopy(targets.get(r), 0, ids, r * length + prompts.get(r).length, targets.get(r).length);
            positions += targets.get(r).length;
        }
        // only the positions that predict a target token get logits: a few of each item's tokens
        long[] logitRows = new long[positions];
        long[] next = new long[positions];
        int[] first = new int[rows];                                                      // r's first in logitRows
        for (int r = 0, n = 0; r < rows; r++) {
            first[r] = n;
            long[] target = targets.get(r);
            for (int i = 0; i < target.length; i++, n++) {
                logitRows[n] = (long) r * length + prompts.get(r).length - 1 + i;          // predicts target[i]
                next[n] = target[i];
            }
        }
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray input = scope.create(ids, new Shape(rows, length));                 // (B, T)
            NDArray logp = model.forward(Forward.of(input).logitsAtRows(logitRows)).logits()
                    .logSoftmax(-1);                                                      // (N, V)
            NDArray own = logp.gather(scope.create(next, new Shape(positions, 1)), -1);   // (N, 1)
            long[] predicted = logp.argMax(-1).toLongArray();                              // (N)
            float[] ownValues = own.toFloatArray();                                       // (N)
            long[] ranks = logp.gt(own).sum(new int[] {-1}).toLongArray();                 // (N)
            List<Score> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                out.add(scoreRow(targets.get(r), first[r], predicted, ownValues, ranks[first[r]]));
            }
            return out;
        }
    }

    private static Score scoreRow(long[] target, int first, long[] argmax, float[] own, long firstRank) {
        long[] predicted = java.util.Arrays.copyOfRange(argmax, first, first + target.length);
        double[] logProbabilities = new double[target.length];
        int correct = 0;
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            correct += predicted[i] == target[i] ? 1 : 0;
            logProbabilities[i] = own[first + i];
            sum += logProbabilities[i];
        }
        return new Score(correct / (double) target.length, correct == target.length, sum, (int) firstRank, predicted,
                logProbabilities);
    }
}
