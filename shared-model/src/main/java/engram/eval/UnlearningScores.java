package engram.eval;

import java.util.List;

/**
 * Everything an unlearning evaluation measured (TOFU's figures plus EasyEdit's token accuracy); plain data.
 * Forget% and RetainDelta need a second evaluation, before unlearning: see {@link UnlearningChange}.
 *
 * @param forget        the forget set's figures; its TOFU truth ratio is {@link SetScores#forgetTruthRatio()}
 * @param retain        each retain set's figures; their truth ratio is {@link SetScores#retainTruthRatio()}
 * @param forgetQuality KS p-value of the forget set's truth ratios against the reference sample
 * @param modelUtility  harmonic mean of the retain sets' answer probability, ROUGE-L recall and truth ratio
 */
public record UnlearningScores(SetScores forget, List<SetScores> retain, ForgetQuality forgetQuality,
                               ModelUtility modelUtility) {

    public UnlearningScores {
        retain = List.copyOf(retain);
    }
}
