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
 * edit folder (the request's {@code adapter} field), whose binding to the model is checked before anything runs.
 * {@link #applyEdit()} puts the edit into effect; {@link #close()} takes it out and releases the model.
 */
final class ModelInUse implements AutoCloseable {
    private final ModelCache.Lease lease;
    private final DiskCache.Entry editFolder;
    private final TaiaMode inference;
    private Adapters.Applied applied;

    private ModelInUse(ModelCache.Lease lease, DiskCache.Entry editFolder, TaiaMode inference) {
        this.lease = lease;
        this.editFolder = editFolder;
        this.inference = inference;
    }

    /**
     * @param editFolder the request's {@code adapter}: an edit folder, or null for the base model alone
     * @param inference  how the edit acts once applied
     */
    static ModelInUse open(ModelCache models, ArtifactRef model, ArtifactRef editFolder, TaiaMode inference) {
        if (editFolder == null) {
            return new ModelInUse(models.shared("model", model), null, inference);
        }
        DiskCache.Entry folder = models.folder("adapter", editFolder);
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

    /** Puts the edit folder's edit into effect (no-op without one). */
    ModelInUse applyEdit() {
        if (editFolder != null && applied == null) {
            applied = Adapters.apply(lease.model(), editFolder.folder(), inference, "adapter");
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

    /** The edit folder's SHA-256, or null without one. */
    String editHash() {
        return editFolder == null ? null : editFolder.sha256();
    }

    @Override
    public void close() {
        try {
            if (applied != null) {
                applied.close();
            }
        } finally {
            lease.close();
            if (editFolder != null) {
                editFolder.close();
            }
        }
    }
}
