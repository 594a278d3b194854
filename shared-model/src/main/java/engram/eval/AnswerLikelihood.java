package engram.eval;

import engram.knowledge.TeacherForcing;

/**
 * How likely a model finds one answer after its question, teacher-forced: the summed log-probability of the
 * answer's tokens and how many tokens that is. TOFU compares answers of different lengths through the
 * length-normalised probability {@code P(a|q)^(1/|a|) = exp(logP(a|q) / |a|)}, i.e. {@code exp(-avg_gt_loss)}
 * in locuslab/tofu.
 *
 * @param logProbability {@code log P(a|q)}, natural log, summed over the answer's tokens (&le; 0)
 * @param tokens         {@code |a|}, the number of answer tokens (&gt; 0)
 */
public record AnswerLikelihood(double logProbability, int tokens) {

    /** From a teacher-forced score of the answer and the answer's token count. */
    public static AnswerLikelihood of(TeacherForcing.Score score, int tokens) {
        return new AnswerLikelihood(score.logProbability(), tokens);
    }

    /** {@code logP(a|q) / |a|}: the mean log-probability per answer token. */
    public double perToken() {
        if (tokens <= 0) {
            throw new IllegalStateException("an answer needs at least one token, got " + tokens);
        }
        return logProbability / tokens;
    }

    /** {@code P(a|q)^(1/|a|)}, TOFU's answer probability, in [0, 1]. */
    public double normalisedProbability() {
        return Math.exp(perToken());
    }
}
