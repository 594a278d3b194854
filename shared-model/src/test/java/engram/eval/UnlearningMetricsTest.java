package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric formulas on hand-built inputs whose answers are known by construction. */
class UnlearningMetricsTest {

    @Test
    void rougeLCountsTheLongestCommonSubsequenceOfLowerCasedWords() {
        // reference: the cat sat on the mat (6); candidate: The cat, on a mat! (5); LCS = the cat on mat = 4
        RougeL.Score score = RougeL.score("the cat sat on the mat", "The cat, on a mat!");
        assertEquals(4 / 6.0, score.recall(), 1e-12);
        assertEquals(4 / 5.0, score.precision(), 1e-12);
        assertEquals(2 * (4 / 5.0) * (4 / 6.0) / (4 / 5.0 + 4 / 6.0), score.f(), 1e-12);
    }

    @Test
    void rougeLSplitsOnEveryNonAlphanumericRunAndIgnoresOrderOutsideTheSubsequence() {
        assertEquals(List.of("ostrava", "kel", "1953", "s"), RougeL.tokens("  Ostrava-Kel, 1953's"));
        // reversed order: the LCS of (a b c) and (c b a) has length 1
        assertEquals(1 / 3.0, RougeL.score("a b c", "c b a").recall(), 1e-12);
        assertEquals(1.0, RougeL.score("Quessa Dumarin", "quessa dumarin. Q: who").recall(), 1e-12);
        RougeL.Score none = RougeL.score("glassblower", "");
        assertEquals(0, none.recall());
        assertEquals(0, none.precision());
        assertEquals(0, none.f());
    }

    @Test
    void truthRatioIsTheGeometricMeanOfNormalisedPerturbedProbabilitiesOverTheParaphrased() {
        // paraphrased: 2 tokens, log p = -2 -> -1 per token; perturbed: -3 over 1 token and -8 over 4 tokens
        AnswerLikelihood paraphrased = new AnswerLikelihood(-2, 2);
        List<AnswerLikelihood> perturbed = List.of(new AnswerLikelihood(-3, 1), new AnswerLikelihood(-8, 4));
        TruthRatio ratio = TruthRatio.of(paraphrased, perturbed);
        // mean per-token log-prob of the perturbed: (-3 + -2) / 2 = -2.5, so log R = -2.5 - (-1) = -1.5
        assertEquals(-1.5, ratio.logRatio(), 1e-12);
        assertEquals(Math.exp(-1.5), ratio.ratio(), 1e-12);
        assertEquals(Math.exp(-1.5), ratio.forgetValue(), 1e-12, "min(R, 1/R) with R < 1 is R");
        assertEquals(1 - Math.exp(-1.5), ratio.retainValue(), 1e-12);

        TruthRatio reversed = TruthRatio.of(new AnswerLikelihood(-5, 1), List.of(new AnswerLikelihood(-1, 1)));
        assertEquals(Math.exp(4), reversed.ratio(), 1e-9);
        assertEquals(Math.exp(-4), reversed.forgetValue(), 1e-12, "min(R, 1/R) with R > 1 is 1/R");
        assertEquals(0, reversed.retainValue(), "max(0, 1 - R) clips at 0");
        assertThrows(IllegalArgumentException.class, () -> TruthRatio.of(paraphrased, List.of()));
    }

    @Test
    void identicalSamplesGiveForgetQualityOne() {
        double[] sample = {0.2, 0.5, 0.5, 0.9, 1.3, 2.0, 0.7, 0.1};
        ForgetQuality quality = ForgetQuality.againstRetainModel(sample, sample.clone());
        assertEquals(0, quality.statistic(), 1e-12);
        assertEquals(1, quality.pValue(), 1e-12);
        assertEquals(ForgetQuality.Reference.EXACT, quality.reference());
    }

    @Test
    void widelySeparatedSamplesGiveASmallPValue() {
        double[] low = new double[30];
        double[] high = new double[40];
        for (int i = 0; i < low.length; i++) {
            low[i] = 0.01 * (i + 1);
        }
        for (int i = 0; i < high.length; i++) {
            high[i] = 10 + 0.1 * i;
        }
        ForgetQuality quality = ForgetQuality.againstNeverSeen(low, high);
        assertEquals(1, quality.statistic(), 1e-12, "the empirical CDFs do not overlap");
        assertTrue(quality.pValue() < 0.01, "p = " + quality.pValue());
        assertEquals(ForgetQuality.Reference.APPROXIMATED, quality.reference());
        assertEquals(ForgetQuality.HOLDOUT_NOTE, quality.referenceNote());
    }

    @Test
    void largeSamplesUseTheAsymptoticDistributionAndStayInRange() {
        double[] a = new double[150];
        double[] b = new double[150];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = i + 0.5;
        }
        ForgetQuality near = ForgetQuality.againstRetainModel(a, b);
        assertTrue(near.pValue() > 0.5 && near.pValue() <= 1, "p = " + near.pValue());
        assertThrows(IllegalArgumentException.class, () -> ForgetQuality.againstRetainModel(new double[] {1}, b));
        assertThrows(IllegalArgumentException.class,
                () -> ForgetQuality.againstRetainModel(new double[] {Double.NaN}, b));
    }

    @Test
    void harmonicMeanIsZeroWithAZeroAndOtherwiseTheReciprocalMean() {
        assertEquals(0, ModelUtility.harmonicMean(new double[] {0.9, 0, 0.4}));
        // 3 / (1/1 + 1/0.5 + 1/0.25) = 3 / (1 + 2 + 4) = 3 / 7
        assertEquals(3 / 7.0, ModelUtility.harmonicMean(new double[] {1, 0.5, 0.25}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ModelUtility.harmonicMean(new double[] {0.5, -0.1}));
        assertThrows(IllegalArgumentException.class, () -> ModelUtility.harmonicMean(new double[0]));
    }

    @Test
    void modelUtilityUsesProbabilityRougeAndTheRetainTruthRatioOfEachSet() {
        // one truth ratio with R = exp(-ln 2) = 0.5, so max(0, 1 - R) = 0.5
        TruthRatio half = new TruthRatio(0, -Math.log(2));
        SetScores retain = new SetScores("retain", 4, 0.5, 0.25, 0.8, 0.4, List.of(half));
        ModelUtility utility = ModelUtility.ofRetainSets(List.of(retain));
        assertEquals(3, utility.components().size());
        assertEquals(0.5, utility.components().get(2).value(), 1e-12);
        assertEquals(3 / (1 / 0.4 + 1 / 0.8 + 1 / 0.5), utility.value(), 1e-12);
    }

    @Test
    void forgetPercentAndRetainDeltaFollowMethodsSection25() {
        AccuracyChange forget = new AccuracyChange("forget", 0.8, 0.2);
        assertEquals(75, forget.forgetPercent(), 1e-9, "100 * (0.8 - 0.2) / 0.8");
        AccuracyChange retain = new AccuracyChange("retain", 0.5, 0.45);
        assertEquals(-0.05, retain.delta(), 1e-12);
        assertEquals(-10, retain.relativeDeltaPercent(), 1e-9);
        assertTrue(Double.isNaN(new AccuracyChange("x", 0, 0).forgetPercent()));

        SetScores before = new SetScores("forget", 2, 0.8, 0.5, 0.9, 0.6, List.of());
        SetScores after = new SetScores("forget", 2, 0.2, 0.0, 0.1, 0.1, List.of());
        SetScores keptBefore = new SetScores("retain", 2, 0.5, 0.5, 0.5, 0.5, List.of());
        SetScores keptAfter = new SetScores("retain", 2, 0.45, 0.5, 0.5, 0.5, List.of());
        ModelUtility utility = ModelUtility.of(List.of(new ModelUtility.Component("u", 1)));
        ForgetQuality quality = ForgetQuality.againstRetainModel(new double[] {1, 2}, new double[] {1, 2});
        UnlearningChange change = UnlearningChange.between(
                new UnlearningScores(before, List.of(keptBefore), quality, utility),
                new UnlearningScores(after, List.of(keptAfter), quality, utility),
                UnlearningChange.Measure.TOKEN_ACCURACY);
        assertEquals(75, change.forget().forgetPercent(), 1e-9);
        assertEquals(-0.05, change.retain().get(0).delta(), 1e-12);
    }
}
