package engram.functions.api;

import engram.knowledge.edit.overtone.Overtone;

/** OVERTONE's loss settings ({@link Overtone}); a missing field keeps {@link Overtone#DEFAULT}. */
public record OvertoneParams(Float lambda, Float epsilon, Float nSigma) {

    Overtone toLoss() {
        Overtone d = Overtone.DEFAULT;
        Overtone o = new Overtone(BeaconParams.or(lambda, d.lambda()), BeaconParams.or(epsilon, d.epsilon()),
                BeaconParams.or(nSigma, d.nSigma()));
        return Check.library("edit.overtone", o::validate);
    }
}
