package engram.asl;

import java.time.Duration;
import java.time.Instant;

/**
 * The runner's only source of time: history timestamps, {@code Wait} states and {@code Retry} back-off.
 * Tests pass a fake that records the requested sleeps and advances instantly.
 */
public interface WorkflowClock {

    /** The current time. */
    Instant now();

    /** Blocks for {@code duration} (zero or positive). */
    void sleep(Duration duration) throws InterruptedException;

    /** The wall clock and {@link Thread#sleep}. */
    static WorkflowClock system() {
        return new WorkflowClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }
}
