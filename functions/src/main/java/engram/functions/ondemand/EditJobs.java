package engram.functions.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.workflow.StepListener;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edit jobs of this process: starts each accepted request's workflow on a worker thread and remembers it
 * under its id. Submitting is idempotent: a request equal to one that is running or succeeded returns that job;
 * one equal to a failed job starts it again (the functions' outputs are keyed by request, so a rerun reuses
 * whatever the failed run finished).
 *
 * <p>Jobs live in memory: after a restart {@code GET /edits/{id}} no longer knows them, but posting the same
 * request again finds the stored results of every step that had finished.
 */
@ApplicationScoped
public class EditJobs {
    @Inject OnDemandEdit edits;
    @Inject EditApiConfig api;

    private final Map<String, EditJob> jobs = new LinkedHashMap<>();
    private ExecutorService workers;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        workers = Executors.newFixedThreadPool(api.workers(), task -> {
            Thread thread = new Thread(task, "engram-edit-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    /**
     * Validates the body and starts its edit, or returns the job already running (or done) for an equal request.
     *
     * @throws engram.functions.errors.InvalidRequestException when the body is not a valid edit request
     */
    public EditJob submit(JsonNode body) {
        EditSubmission submission = edits.read(body);
        String id = OnDemandEdit.id(submission);
        synchronized (jobs) {
            EditJob existing = jobs.get(id);
            if (existing != null && existing.status() != EditJob.Status.FAILED) {
                return existing;
            }
            EditJob job = new EditJob(id, Instant.now(),
                    CompletableFuture.supplyAsync(() -> edits.run(submission, StepListener.NONE), workers));
            jobs.remove(id);
            jobs.put(id, job);
            forgetOldest();
            return job;
        }
    }

    /** The job with this id, if this process has it. */
    public Optional<EditJob> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Drops the oldest finished jobs beyond {@code engram.api.max-jobs}; running ones are never dropped. */
    private void forgetOldest() {
        Iterator<EditJob> oldestFirst = jobs.values().iterator();
        while (jobs.size() > api.maxJobs() && oldestFirst.hasNext()) {
            if (oldestFirst.next().execution().isDone()) {
                oldestFirst.remove();
            }
        }
    }
}
