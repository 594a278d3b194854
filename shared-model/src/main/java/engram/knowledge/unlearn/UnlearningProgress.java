package engram.knowledge.unlearn;

import engram.train.StepReport;

/**
 * Progress of one optimiser step of an {@link Unlearner} run.
 *
 * @param phase which training the step belongs to
 * @param step  the trainer's report
 */
public record UnlearningProgress(Phase phase, StepReport step) {

    /** The trainings a run goes through. */
    public enum Phase {
        /** UNLEARN/LEARN: the task adapter on the target items. */
        TARGET_TASK,
        /** UNLEARN/LEARN: the task adapter on the keep items. */
        KEEP_TASK,
        /** A baseline's own training. */
        BASELINE
    }
}
