package engram.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a training keeps its resumable snapshots, so that a process killed mid-way can be started again and end
 * with the same weights. The training writes a {@link TrainingCheckpoint} into {@link #folder()} every
 * {@link #every()} steps and then calls {@link #saved}, which makes it durable (a folder on a disk that survives,
 * an object store); {@link #latest()} hands the newest durable one back before the first step.
 *
 * <p>The owner binds the snapshots to one training: the same model, data and settings. {@link TrainingCheckpoint}
 * still refuses a snapshot of other settings.
 */
public interface Checkpoints {

    /** No snapshots: the training starts at step 0 and saves nothing. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public int every() {
            return 0;
        }

        @Override
        public Path folder() {
            throw new IllegalStateException("no checkpoint folder: checkpoints are off");
        }

        @Override
        public void saved(int step) {
            throw new IllegalStateException("checkpoints are off");
        }

        @Override
        public Optional<Path> latest() {
            return Optional.empty();
        }
    };

    /** Optimiser steps between snapshots; 0 saves none. */
    int every();

    /** A local folder the training writes each snapshot into (overwritten every time). */
    Path folder();

    /**
     * Makes the snapshot now in {@link #folder()} durable. When this returns, {@link #latest()} may return it.
     *
     * @param step the optimiser steps it holds
     */
    void saved(int step);

    /** A local folder holding the newest durable snapshot of this training, if any. */
    Optional<Path> latest();
}
