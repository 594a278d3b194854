package engram.functions;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidDatasetException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.Folders;
import engram.functions.storage.RunOutputs;
import engram.knowledge.InvalidItemException;
import engram.model.SequenceTooLongException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every function does around its one library call: find an earlier identical result, give the call a
 * scratch folder, and clean up. The function's body reads its inputs, calls the library, writes its outputs
 * and finishes with {@link Call#commit}.
 *
 * <p>Duplicates. Equal requests in this process run one at a time (the second waits, then finds the first one's
 * manifest and returns its result without any work); equal requests in two processes may both work, but
 * {@link RunOutputs#commit} writes the manifest only where none exists, so both return the one result.
 */
@ApplicationScoped
public class Operations {

    @Inject
    ArtifactStore store;

    @Inject
    EngramConfig config;

    /** Output folders of the requests running in this process, each with its lock and how many wait for it. */
    private final Map<String, InFlight> running = new HashMap<>();

    private static final class InFlight {
        final ReentrantLock lock = new ReentrantLock();
        int holders;
    }

    /** The body of one operation. */
    @FunctionalInterface
    public interface Body<R> {
        /** Does the work; ends with {@code call.commit(...)}. */
        R run(Call call) throws IOException;
    }

    /**
     * Runs {@code body} unless a manifest of the same request already exists, in which case the stored result is
     * returned and nothing is written.
     *
     * @param operation the operation's kebab-case name
     * @param request   the validated request: its digest picks the output folder
     */
    public <R> R run(String operation, String runId, Object request, Class<R> resultType, Body<R> body) {
        RunOutputs outputs = new RunOutputs(store, runId, operation, request);
        InFlight same = enter(outputs.prefix());
        try {
            Optional<R> done = outputs.existing(resultType);
            return done.isPresent() ? done.get() : work(operation, runId, request, outputs, body);
        } finally {
            leave(outputs.prefix(), same);
        }
    }

    /**
     * Runs {@code body} for an operation that only reads its inputs ({@code plan-run}): the same scratch folder,
     * input limits and error mapping as {@link #run}, but no earlier result is looked up, no model engine is
     * started, and the body must not {@link Call#commit}.
     */
    public <R> R read(String operation, String runId, Object request, Body<R> body) {
        return inScratch(operation, runId, request, new RunOutputs(store, runId, operation, request), body);
    }

    private <R> R work(String operation, String runId, Object request, RunOutputs outputs, Body<R> body) {
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that started
        // the engine. On a worker thread the optimiser's in-place update of a leaf would fail, and every
        // forward pass would build a graph nobody uses.
        Engine.getEngine("PyTorch"); // loads the native library on first use
        JniUtils.setGradMode(false);
        return inScratch(operation, runId, request, outputs, body);
    }

    private <R> R inScratch(String operation, String runId, Object request, RunOutputs outputs, Body<R> body) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("engram-" + operation + "-");
            return body.run(new Call(operation, runId, request, outputs, scratch, store, config));
        } catch (InvalidItemException e) {
            // a record the library could not use mid-way (e.g. no target_true to score): the data's fault
            throw new InvalidDatasetException("dataset", e.where(), e.getMessage(), e);
        } catch (SequenceTooLongException e) {
            // an item (with what the request generates after it) does not fit the model's context
            throw new InvalidDatasetException("dataset", null, e.getMessage()
                    + ": shorten the item, or generate fewer tokens", e);
        } catch (IOException e) {
            throw new UncheckedIOException(operation + " failed on I/O", e);
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    private InFlight enter(String prefix) {
        InFlight entry;
        synchronized (running) {
            entry = running.computeIfAbsent(prefix, p -> new InFlight());
            entry.holders++;
        }
        entry.lock.lock();
        return entry;
    }

    private void leave(String prefix, InFlight entry) {
        entry.lock.unlock();
        synchronized (running) {
            if (--entry.holders == 0) {
                running.remove(prefix);
            }
        }
    }
}
