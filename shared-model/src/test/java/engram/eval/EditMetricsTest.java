package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric formulas on inputs whose answers are known by construction. */
class EditMetricsTest {

    @Test
    void localityCountsUnchangedPredictionsLikeTheKnowEditExample() {
        assertEquals(2.0 / 3.0, EditMetrics.unchangedFraction(new long[] {29, 234, 334}, new long[] {29, 234, 333}), 1e-12);
        assertEquals(1.0, EditMetrics.unchangedFraction(new long[] {5}, new long[] {5}));
        assertThrows(IllegalArgumentException.class, () -> EditMetrics.unchangedFraction(new long[] {1}, new long[] {1, 2}));
    }

    @Test
    void counterfactSuccessComparesLengthNormalisedProbabilities() {
        // new: tokens with p 0.5 and 0.5 (mean log p = ln 0.5); true: one token with p 0.4
        double newMean = Math.log(0.5);
        double trueMean = Math.log(0.4);
        assertTrue(EditMetrics.prefersNew(newMean, trueMean));
        assertFalse(EditMetrics.prefersNew(trueMean, newMean));
        assertFalse(EditMetrics.prefersNew(newMean, newMean), "a tie is not a success");
        assertEquals(0.1, EditMetrics.probabilityMargin(newMean, trueMean), 1e-12);
    }

    @Test
    void nGramEntropyOfTextsWithKnownDistributions() {
        // "a a a a": one bigram and one trigram type: both entropies 0
        assertEquals(0.0, EditMetrics.nGramEntropy("a a a a"), 1e-12);
        // "a b c d e": 4 distinct bigrams (2 bits), 3 distinct trigrams (log2 3 bits)
        double expected = (2.0 / 3.0 * 2.0 + 4.0 / 3.0 * Math.log(3) / Math.log(2)) / 2.0;
        assertEquals(expected, EditMetrics.nGramEntropy("a b c d e"), 1e-12);
        // "x y x y x": bigrams xy, yx, xy, yx (1 bit); trigrams xyx, yxy, xyx (H(2/3, 1/3))
        double h3 = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)) / Math.log(2);
        assertEquals((2.0 / 3.0 * 1.0 + 4.0 / 3.0 * h3) / 2.0, EditMetrics.nGramEntropy("x y x y x"), 1e-12);
        assertEquals(0.0, EditMetrics.nGramEntropy(""), 1e-12);
    }

    @Test
    void wordsSplitPunctuationFromWords() {
        assertEquals(List.of("Paris", ",", "France", "."), EditMetrics.words("Paris, France."));
    }

    @Test
    void meansSkipUndefinedValuesAndHarmonicMeanIsZeroWhenOneIs() {
        assertEquals(0.5, EditMetrics.meanOfDefined(0.0, Double.NaN, 1.0), 1e-12);
        assertTrue(Double.isNaN(EditMetrics.meanOfDefined(Double.NaN)));
        assertTrue(Double.isNaN(EditMetrics.meanOfDefined()));
        assertEquals(0.0, EditMetrics.harmonicMean(0.9, 0.0, 0.8));
        assertEquals(2.0 / (1 / 0.5 + 1 / 1.0), EditMetrics.harmonicMean(0.5, 1.0), 1e-12);
    }

    @Test
    void summaryAveragesEachMetricOverTheItemsThatHaveIt() {
        var a = new EditEvaluation.ItemResult("a", 1, 0.5, 1, 1, Double.NaN, 1, 1, 0, 0.2, 0.1, -0.1, Double.NaN, null);
        var b = new EditEvaluation.ItemResult("b", 0, Double.NaN, 0.5, 0, 0.25, 0, Double.NaN, 1, -0.2, Double.NaN, 0.3, 4.0, "x");
        EditEvaluation.Scores s = EditEvaluation.summarise(List.of(a, b));
        assertEquals(0.5, s.efficacy(), 1e-12);
        assertEquals(0.5, s.generalization(), 1e-12, "b has no paraphrase");
        assertEquals(0.75, s.locality(), 1e-12);
        assertEquals(0.25, s.portability(), 1e-12, "a has no portability question");
        assertEquals(0.5, s.neighbourSuccess(), 1e-12);
        assertEquals(4.0, s.fluency(), 1e-12);
        assertEquals(List.of("efficacy", "generalization", "locality", "neighbour_accuracy", "portability", "ES", "PS",
                "NS", "EM", "PM", "NM", "fluency"), List.copyOf(s.metrics().keySet()));
    }
}
