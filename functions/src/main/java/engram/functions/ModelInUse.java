package engram.functions;

import engram.functions.api.ArtifactRef;
import engram.functions.runtime.Adapters;
import engram.functions.runtime.DiskCache;
import engram.functions.runtime.ModelCache;
import engram.lora.TaiaMode;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;

/**
 * The model a request names, held for one call: shared when the call only reads it, exclusive when it names an
 * adapter, whose binding to the model is checked before anything runs. {@link #applyAdapter()} puts the
 * adapter into effect; {@link #close()} takes it out and releases the model.
 */
final class ModelInUse implements AutoCloseable {
    private final ModelCache.Lease lease;
    private final DiskCache.Entry adapter;
    private final TaiaMode inference;
    private Adapters.Applied applied;

    private ModelInUse(ModelCache.Lease lease, DiskCache.Entry adapter, TaiaMode inference) {
        this.lease = lease;
        this.adapter = adapter;
        this.inference = inference;
    }

    /**
     * @param adapter   an edit folder, or null for the base model alone
     * @param inference how the adapter acts once applied
     */
    static ModelInUse open(ModelCache models, ArtifactRef model, ArtifactRef adapter, TaiaMode inference) {
        if (adapter == null) {
            return new ModelInUse(models.shared("model", model), null, inference);
        }
        DiskCache.Entry folder = models.folder("adapter", adapter);
        ModelCache.Lease lease = null;
        try {
            lease = models.exclusive("model", model);
            Adapters.requireBoundTo(folder.folder(), lease.sha256(), "adapter");
            return new ModelInUse(lease, folder, inference);
        } catch (RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            folder.close();
            throw e;
        }
    }

    /** Puts the adapter into effect (no-op without one). */
    ModelInUse applyAdapter() {
        if (adapter != null && applied == null) {
            applied = Adapters.apply(lease.model(), adapter.folder(), inference, "adapter");
        }
        return this;
    }

    CausalLm model() {
        return lease.model();
    }

    Tokenizer tokenizer() {
        return lease.tokenizer();
    }

    String modelHash() {
        return lease.sha256();
    }

    /** The adapter folder's SHA-256, or null without one. */
    String adapterHash() {
        return adapter == null ? null : adapter.sha256();
    }

    @Override
    public void close() {
        try {
            if (applied != null) {
                applied.close();
            }
        } finally {
            lease.close();
            if (adapter != null) {
                adapter.close();
            }
        }
    }
}
