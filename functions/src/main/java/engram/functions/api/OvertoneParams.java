package engram.functions.api;

import engram.knowledge.edit.overtone.Overtone;

/** OVERTONE's loss settings ({@link Overtone}); laid over {@link Overtone#DEFAULT} (or the method's loss) by
 * {@link Overlay}. */
public record OvertoneParams(Float lambda, Float epsilon, Float nSigma) {
}
