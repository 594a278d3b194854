package engram.knowledge.edit;

import engram.report.EvalReport.CurveSet;
import engram.report.EvalReport.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * The heterogeneous-token-overfitting diagnostic (docs/methods.md §7.5, reconstructed from the OVERTONE paper's
 * motivation): how each target token of one item is learned during an edit. Row {@code s} holds
 * {@code log p_θs(y_t | x, y_<t)} for every target token {@code t} after {@code s} optimiser steps (row 0 is
 * the model before training); the gain of token {@code t} is {@code g_t(s) = log p_θs(y_t) − log p_θ0(y_t)} and
 * HTO shows as a large spread of {@code g_t} across {@code t}.
 *
 * @param itemId           the item's id
 * @param pieces           the target tokens as the tokenizer names them
 * @param logProbabilities {@code logProbabilities.get(s)[t]}, one row per step, step 0 first
 */
public record TokenTrace(String itemId, List<String> pieces, List<double[]> logProbabilities) {

    /** Copies the lists (the rows themselves are shared). */
    public TokenTrace {
        pieces = List.copyOf(pieces);
        logProbabilities = List.copyOf(logProbabilities);
    }

    /** Optimiser steps recorded after step 0. */
    public int steps() {
        return logProbabilities.size() - 1;
    }

    /** {@code g_t(step) = log p_step(y_t) − log p_0(y_t)} for every target token. */
    public double[] gains(int step) {
        double[] start = logProbabilities.get(0);
        double[] now = logProbabilities.get(step);
        double[] out = new double[now.length];
        for (int t = 0; t < now.length; t++) {
            out[t] = now[t] - start[t];
        }
        return out;
    }

    /** {@code max_t g_t − min_t g_t} at {@code step}: 0 when every token was learned alike. */
    public double spread(int step) {
        double[] g = gains(step);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : g) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return max - min;
    }

    /** One line per target token: gain against step, ready for a report's curves. */
    public CurveSet curves() {
        double[] x = new double[logProbabilities.size()];
        for (int s = 0; s < x.length; s++) {
            x[s] = s;
        }
        List<Series> series = new ArrayList<>();
        for (int t = 0; t < pieces.size(); t++) {
            double[] y = new double[x.length];
            for (int s = 0; s < x.length; s++) {
                y[s] = logProbabilities.get(s)[t] - logProbabilities.get(0)[t];
            }
            series.add(Series.of(t + ": " + pieces.get(t), x, y));
        }
        return new CurveSet("Per-token log-likelihood gain, " + itemId, "step", "log p gain", series);
    }
}
