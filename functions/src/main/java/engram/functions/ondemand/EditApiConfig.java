package engram.functions.ondemand;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The local on-demand edit API ({@code POST /edits}, {@code GET /edits/{id}}): {@code engram.api.*}. */
@ConfigMapping(prefix = "engram.api")
public interface EditApiConfig {

    /**
     * How long {@code POST /edits} waits for the edit before answering 202 with the job's id instead of 200 with
     * its result (ISO-8601 or Quarkus' short form: {@code 30s}, {@code PT2M}); 0 always answers 202.
     */
    @WithDefault("30s")
    Duration syncTimeout();

    /** Edit workflows run at once; more wait in line (training takes a process-wide lock anyway). */
    @WithDefault("2")
    int workers();

    /** Model folder of a request that names none. */
    @WithDefault("models/engram-world/")
    String defaultModel();

    /** Efficacy the quick evaluation must reach before the edit folder is published, when the request says nothing. */
    @WithDefault("0.5")
    double minEfficacy();

    /** Hard cost cap in USD of a request that names none. */
    @WithDefault("1.0")
    double defaultBudgetUsd();

    /** Finished jobs kept for {@code GET /edits/{id}}; the oldest are forgotten first. */
    @WithDefault("1000")
    int maxJobs();
}
