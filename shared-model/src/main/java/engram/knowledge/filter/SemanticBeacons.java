package engram.knowledge.filter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import engram.knowledge.KnowledgeItem;
import engram.model.CausalLm;
import engram.model.Forward;
import engram.model.ForwardOutput;
import engram.model.WeightNames;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Semantic Beacons data filter (arXiv 2405.18292; docs/methods.md §4.3). The paper's exact criterion is unknown:
 * this is a reconstruction [INF], every uncertain choice a {@link BeaconConfig} field.
 *
 * <p>For every item {@code i} (prompt {@code q_i}, answer tokens {@code a_{i,1..T}}), one teacher-forced pass of
 * the base model gives, with {@code E [V, d]} the input embedding:
 * <pre>
 *   s_i = mean_t E[a_{i,t}]                      answer beacon (semantic target vector)       [d]
 *   ŝ_i = mean_t (P_{i,t} @ E)  or  E[argmax]    the model's answer in the same space         [d]
 *   d_i = 1 - cos(ŝ_i, s_i)                      semantic distance, in [0, 2]
 *   h_i = mean over prompt positions of the residual stream after layer L (minus the mean h)  [C]
 * </pre>
 * A candidate {@code j} interferes with a target {@code k} when both ask the same thing and answer differently:
 * <pre>
 *   overlap_jk      = cos(h_j, h_k)
 *   disagreement_jk = (1 - cos(s_j, s_k)) / 2                    in [0, 1]
 *   conflict_jk     = max(0, overlap_jk) · disagreement_jk        (predicted gradient conflict)
 *   drop j  if  ∃k: overlap_jk >= overlapThreshold  and  disagreement_jk >= disagreementThreshold
 * </pre>
 * The survivors then go through Reading A or B of docs/methods.md ({@link BeaconSelectionRule}), and each kept item
 * gets the weight {@code w_j = (1 + γ d_j) / mean_kept(1 + γ d)} (the static form of §4.3's re-weighting;
 * {@link BeaconLoss} is the per-step form).
 *
 * <p>Deterministic: items are scored in input order with a fixed batch size, every reduction after the forward
 * pass runs in Java doubles, and ties go to the lower index.
 */
public final class SemanticBeacons {
    private static final double EPS = 1e-8;

    private SemanticBeacons() {
    }

    /**
     * Scores every candidate against the knowledge targets and splits them into kept and dropped.
     *
     * @param targets    the knowledge to be learned (the beacons); may be empty (no conflict rule then)
     * @param candidates the training items to filter (may include the targets themselves)
     * @throws IllegalArgumentException when the config is invalid or an item has an empty prompt or target
     */
    public static BeaconSelection select(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> targets,
                                         List<KnowledgeItem> candidates, BeaconConfig config) {
        config.validate();
        List<KnowledgeItem> all = new ArrayList<>(targets);
        all.addAll(candidates);
        List<Probe> probes = probe(model, tokenizer, all, config);
        if (config.centre()) {
            centre(probes);
        }
        List<Probe> beacons = probes.subList(0, targets.size());
        List<BeaconKept> kept = new ArrayList<>();
        List<BeaconDropped> dropped = new ArrayList<>();
        List<Integer> survivors = new ArrayList<>();
        BeaconScore[] scores = new BeaconScore[candidates.size()];
        for (int j = 0; j < candidates.size(); j++) {
            Probe c = probes.get(targets.size() + j);
            Conflict worst = null;
            Conflict worstTriggering = null;
            for (int k = 0; k < beacons.size(); k++) {
                Probe t = beacons.get(k);
                double overlap = cosine(c.prompt(), t.prompt());
                double disagreement = (1 - cosine(c.beacon(), t.beacon())) / 2;
                Conflict here = new Conflict(targets.get(k).id(), overlap, disagreement,
                        Math.max(0, overlap) * disagreement);
                if (worst == null || here.conflict() > worst.conflict()) {
                    worst = here;
                }
                boolean triggers = overlap >= config.overlapThreshold() && disagreement >= config.disagreementThreshold();
                if (triggers && (worstTriggering == null || here.conflict() > worstTriggering.conflict())) {
                    worstTriggering = here;
                }
            }
            Conflict reported = worstTriggering != null ? worstTriggering : worst;
            scores[j] = reported == null ? new BeaconScore(c.distance(), null, 0, 0, 0)
                    : new BeaconScore(c.distance(), reported.target(), reported.overlap(), reported.disagreement(),
                            reported.conflict());
            if (worstTriggering != null) {
                dropped.add(new BeaconDropped(j, candidates.get(j), BeaconDropReason.CONFLICTS_WITH_TARGET, scores[j]));
            } else {
                survivors.add(j);
            }
        }
        List<Integer> chosen = switch (config.selection()) {
            case SPREAD -> spread(survivors, probes.subList(targets.size(), probes.size()), config);
            case QUANTILE -> belowQuantile(survivors, scores, config.distanceQuantile());
            case NONE -> survivors;
        };
        BeaconDropReason reason = config.selection() == BeaconSelectionRule.SPREAD
                ? BeaconDropReason.NOT_SELECTED : BeaconDropReason.FAR_FROM_BEACON;
        double weightSum = 0;
        for (int j : chosen) {
            weightSum += 1 + config.gamma() * scores[j].distance();
        }
        for (int j : survivors) {
            if (chosen.contains(j)) {
                float weight = (float) ((1 + config.gamma() * scores[j].distance()) * chosen.size() / weightSum);
                kept.add(new BeaconKept(j, candidates.get(j), weight, scores[j]));
            } else {
                dropped.add(new BeaconDropped(j, candidates.get(j), reason, scores[j]));
            }
        }
        dropped.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new BeaconSelection(kept, dropped);
    }

    /**
     * Reading A: {@code S ← {argmin d}}, then repeatedly add {@code argmax_i J(S ∪ {i})} until
     * {@code |S| = ceil(ρ·N)}, where {@code J(S) = -mean_{i∈S} d_i + β · trace Cov_{i∈S}(s_i)} and
     * {@code trace Cov = mean ||s||² - ||mean s||²} (population covariance). Ties go to the lower index.
     */
    static List<Integer> spread(List<Integer> survivors, List<Probe> probes, BeaconConfig config) {
        int size = (int) Math.ceil(config.keepFraction() * survivors.size() - 1e-9);
        List<Integer> remaining = new ArrayList<>(survivors);
        List<Integer> chosen = new ArrayList<>();
        if (remaining.isEmpty()) {
            return chosen;
        }
        int dim = probes.get(remaining.get(0)).beacon().length;
        double[] sum = new double[dim];
        double squares = 0;
        double distances = 0;
        while (chosen.size() < size) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j : remaining) {
                Probe p = probes.get(j);
                int m = chosen.size() + 1;
                double score;
                if (chosen.isEmpty()) {
                    score = -p.distance();                                   // S ← {argmin d}
                } else {
                    double meanNorm = 0;
                    for (int x = 0; x < dim; x++) {
                        double mean = (sum[x] + p.beacon()[x]) / m;
                        meanNorm += mean * mean;
                    }
                    double trace = (squares + dot(p.beacon(), p.beacon())) / m - meanNorm;
                    score = -(distances + p.distance()) / m + config.spreadWeight() * trace;
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            Probe p = probes.get(best);
            for (int x = 0; x < dim; x++) {
                sum[x] += p.beacon()[x];
            }
            squares += dot(p.beacon(), p.beacon());
            distances += p.distance();
            chosen.add(best);
            remaining.remove(Integer.valueOf(best));
        }
        chosen.sort(Integer::compare);
        return chosen;
    }

    /** Reading B: survivors whose distance is at or below the q-quantile (linear interpolation) of theirs. */
    static List<Integer> belowQuantile(List<Integer> survivors, BeaconScore[] scores, double q) {
        if (survivors.isEmpty()) {
            return survivors;
        }
        double[] d = survivors.stream().mapToDouble(j -> scores[j].distance()).sorted().toArray();
        double position = q * (d.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(d.length - 1, low + 1);
        double threshold = d[low] + (position - low) * (d[high] - d[low]);
        return survivors.stream().filter(j -> scores[j].distance() <= threshold).toList();
    }

    /**
     * One item's vectors under the model.
     *
     * @param prompt   {@code h_i}, the pooled prompt representation (centred when the config asks)
     * @param beacon   {@code s_i = mean_t E[a_{i,t}]}
     * @param output   {@code ŝ_i}
     * @param distance {@code d_i = 1 - cos(ŝ_i, s_i)}
     */
    record Probe(double[] prompt, double[] beacon, double[] output, double distance) {}

    private record Conflict(String target, double overlap, double disagreement, double conflict) {}

    /** Vectors of every item, {@code config.batchSize()} items per forward pass, in input order. */
    static List<Probe> probe(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, BeaconConfig config) {
        int layers = model.config().numberOfLayers();
        int layer = config.layer() == -1 ? layers - 1 : config.layer();
        if (layer >= layers) {
            throw new IllegalArgumentException("layer must be < " + layers + ", got " + config.layer());
        }
        List<long[]> prompts = new ArrayList<>(items.size());
        List<long[]> answers = new ArrayList<>(items.size());
        for (KnowledgeItem item : items) {
            if (item.prompt() == null || item.prompt().isEmpty() || item.target() == null || item.target().isEmpty()) {
                throw new IllegalArgumentException("item '" + item.id() + "' needs a non-empty prompt and target");
            }
            prompts.add(tokenizer.encodeWithBos(item.prompt()));
            answers.add(tokenizer.encodeContinuation(item.prompt(), item.target()));
        }
        List<Probe> out = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += config.batchSize()) {
            int to = Math.min(items.size(), from + config.batchSize());
            out.addAll(batch(model, prompts.subList(from, to), answers.subList(from, to), layer, config));
        }
        return out;
    }

    private static List<Probe> batch(CausalLm model, List<long[]> prompts, List<long[]> answers, int layer,
                                     BeaconConfig config) {
        int rows = prompts.size();
        int length = 0;
        for (int r = 0; r < rows; r++) {
            length = Math.max(length, prompts.get(r).length + answers.get(r).length);
        }
        long[] ids = new long[rows * length];                         // right-padded with 0: causal attention
        for (int r = 0; r < rows; r++) {                              // keeps real tokens from seeing the pads
            System.arraycopy(prompts.get(r), 0, ids, r * length, prompts.get(r).length);
            System.arraycopy(answers.get(r), 0, ids, r * length + prompts.get(r).length, answers.get(r).length);
        }
        NDArray embedding = model.parameters().get(WeightNames.embedding(model.config()));  // (V, d), the model's
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray input = scope.create(ids, new Shape(rows, length));                    // (B, T)
            ForwardOutput pass = model.forward(Forward.of(input).capturing(Set.of(layer))
                    .logitsAt(Forward.LogitPositions.ALL_BUT_LAST));
            float[] hidden = pass.traces().get(0).residual().toFloatArray();               // (B, T, C)
            NDArray logits = pass.logits();                                                // (B, T-1, V)
            NDArray next = input.get(":, 1:");                                             // (B, T-1)
            float[] beacons = embed(next, embedding).toFloatArray();                       // (B, T-1, d)
            NDArray predicted = config.output() == BeaconOutput.EXPECTED
                    ? logits.softmax(-1).matMul(embedding)                                 // (B, T-1, d)
                    : embed(logits.argMax(-1), embedding);                                 // (B, T-1, d)
            float[] outputs = predicted.toFloatArray();
            int width = model.config().hiddenSize();
            int dim = (int) embedding.getShape().get(1);
            List<Probe> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                int promptLength = prompts.get(r).length;
                int answerLength = config.firstTokenOnly() ? 1 : answers.get(r).length;
                double[] h = meanRows(hidden, (long) r * length, 0, promptLength, width);
                int first = promptLength - 1;                                // position predicting a_{r,1}
                double[] s = meanRows(beacons, (long) r * (length - 1), first, first + answerLength, dim);
                double[] sHat = meanRows(outputs, (long) r * (length - 1), first, first + answerLength, dim);
                out.add(new Probe(h, s, sHat, 1 - cosine(sHat, s)));
            }
            return out;
        }
    }

    /** Rows of {@code table} (an embedding matrix) at {@code ids}, in the ids' manager. */
    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Mean of rows {@code from..to-1} of the {@code width}-wide matrix that starts at row {@code base}. */
    private static double[] meanRows(float[] values, long base, int from, int to, int width) {
        double[] mean = new double[width];
        for (int t = from; t < to; t++) {
            long offset = (base + t) * width;
            for (int x = 0; x < width; x++) {
                mean[x] += values[(int) (offset + x)];
            }
        }
        for (int x = 0; x < width; x++) {
            mean[x] /= to - from;
        }
        return mean;
    }

    /** Subtracts the mean prompt representation from every probe's. */
    private static void centre(List<Probe> probes) {
        if (probes.isEmpty()) {
            return;
        }
        double[] mean = new double[probes.get(0).prompt().length];
        for (Probe p : probes) {
            for (int x = 0; x < mean.length; x++) {
                mean[x] += p.prompt()[x] / probes.size();
            }
        }
        for (Probe p : probes) {
            for (int x = 0; x < mean.length; x++) {
                p.prompt()[x] -= mean[x];
            }
        }
    }

    /** {@code a·b / (|a| |b| + ε)} with ε = 1e-8 (docs/methods.md §4.8). */
    static double cosine(double[] a, double[] b) {
        return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)) + EPS);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int x = 0; x < a.length; x++) {
            sum += a[x] * b[x];
        }
        return sum;
    }
}
