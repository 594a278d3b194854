package engram.functions.runtime;

import ai.djl.ndarray.NDManager;
import engram.functions.api.ArtifactRef;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.functions.storage.ArtifactStore;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The models of this container: each checkpoint is downloaded once into the {@link DiskCache} (verified by
 * SHA-256), loaded once, and shared by warm invocations. Owns the root {@link NDManager} of every loaded
 * model, closed in {@link #close()}.
 *
 * <p>Concurrency. Scoring the base model only reads it, so any number of {@link #shared} leases run at once.
 * Applying an edit folder or training changes the model in place until the lease ends, so {@link #exclusive}
 * waits for every other lease of that model; training also holds the library's training lock ({@code Trainer.exclusively}), one at a time per
 * process, because DJL's gradient collector is global.
 */
@ApplicationScoped
public class ModelCache {
    private final Map<String, Loaded> loaded = new LinkedHashMap<>(4, 0.75f, true);
    private DiskCache disk;
    private NDManager root;
    private int maxLoaded;

    @Inject
    ArtifactStore store;

    @Inject
    EngramConfig config;

    /** A loaded model, its tokenizer and its lock. */
    private record Loaded(CausalLm model, Tokenizer tokenizer, String sha256, ReentrantReadWriteLock lock) {}

    /**
     * A model in use; closing it releases its lock (and removes nothing: an exclusive user restores the model
     * itself, by closing its edit, before closing the lease).
     *
     * @param model     the model
     * @param tokenizer its tokenizer
     * @param sha256    {@link engram.report.Hashes#sha256} of the checkpoint folder
     */
    public record Lease(CausalLm model, Tokenizer tokenizer, String sha256, Lock lock) implements AutoCloseable {
        @Override
        public void close() {
            lock.unlock();
        }
    }

    /** A lease for reading the model (scoring without an edit folder); others may read at the same time. */
    public Lease shared(String field, ArtifactRef ref) {
        Loaded l = load(field, ref);
        Lock lock = l.lock().readLock();
        lock.lock();
        return new Lease(l.model(), l.tokenizer(), l.sha256(), lock);
    }

    /** A lease for changing the model (an edit folder applied, training); waits until no one else uses it. */
    public Lease exclusive(String field, ArtifactRef ref) {
        Loaded l = load(field, ref);
        Lock lock = l.lock().writeLock();
        lock.lock();
        return new Lease(l.model(), l.tokenizer(), l.sha256(), lock);
    }


    /**
     * An edit folder, downloaded once and verified; close the entry when done with its files.
     *
     * @throws ArtifactNotFoundException when nothing is stored there
     * @throws ModelMismatchException    when the reference's {@code sha256} does not match
     */
    public DiskCache.Entry folder(String field, ArtifactRef ref) {
        return disk().fetch(field, ref);
    }

    private synchronized DiskCache disk() {
        if (disk == null) {
            disk = new DiskCache(store, config.cache().dir(), config.cache().maxBytes());
            maxLoaded = config.cache().maxLoadedModels();
        }
        return disk;
    }

    private Loaded load(String field, ArtifactRef ref) {
        try (DiskCache.Entry entry = disk().fetch(field, ref)) {
            synchronized (this) {
                Loaded l = loaded.get(entry.sha256());
                if (l != null) {
                    return l;
                }
                if (root == null) {
                    root = NDManager.newBaseManager("PyTorch");
                }
                Pickles.refuse(field, entry.folder());
                CausalLm model = CausalLm.load(entry.folder(), root);
                Tokenizer tokenizer = Tokenizer.load(entry.folder(), model.config());
                l = new Loaded(model, tokenizer, entry.sha256(), new ReentrantReadWriteLock(true));
                loaded.put(entry.sha256(), l);
                unloadBeyondLimit(entry.sha256());
                return l;
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, ref.uri(), "not a loadable checkpoint: " + e.getMessage());
        } catch (UncheckedIOException e) {
            // a file the checkpoint needs (config.json, a shard, tokenizer.json) is not in the folder
            throw new InvalidRequestException(field, ref.uri(), "not a loadable checkpoint: " + e.getCause().getMessage());
        }
    }

    /** Closes the least recently used models that nobody holds until at most {@code maxLoaded} remain. */
    private void unloadBeyondLimit(String keep) {
        Iterator<Map.Entry<String, Loaded>> it = loaded.entrySet().iterator();
        while (loaded.size() > maxLoaded && it.hasNext()) {
            Map.Entry<String, Loaded> e = it.next();
            Lock lock = e.getValue().lock().writeLock();
            if (!e.getKey().equals(keep) && lock.tryLock()) {
                try {
                    e.getValue().tokenizer().close();
                    e.getValue().model().close();
                    it.remove();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Frees every loaded model's native memory. */
    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(l -> {
            l.tokenizer().close();
            l.model().close();
        });
        loaded.clear();
        if (root != null) {
            root.close();
        }
    }
}
