package engram.functions;

import engram.functions.api.ArtifactRef;
import engram.functions.config.EngramConfig;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.InvalidDatasetException;
import engram.functions.errors.LimitExceededException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.StoredObject;
import engram.knowledge.Datasets;
import engram.knowledge.InvalidItemException;
import java.nio.file.Path;
import java.util.List;

/** IDK fine-tuning's refusals: a text object of one refusal per line (TOFU's {@code idontknow.jsonl}). */
final class Refusals {
    private static final String FIELD = "refusals";

    private Refusals() {}

    /**
     * Reads the refusals, within the deployment's dataset limits.
     *
     * @throws ArtifactNotFoundException when the object does not exist
     * @throws LimitExceededException    when it is too large or holds too many lines
     * @throws InvalidDatasetException   naming the line of a blank refusal, or when there is none
     */
    static List<String> read(ArtifactStore store, EngramConfig config, Call call, ArtifactRef ref) {
        StoredObject object = store.stat(ref).orElseThrow(() -> new ArtifactNotFoundException(FIELD, ref.uri()));
        if (object.size() > config.limits().maxDatasetBytes()) {
            throw new LimitExceededException(FIELD, object.size() + " bytes", config.limits().maxDatasetBytes());
        }
        Path file = call.scratch(FIELD + ".txt");
        store.download(ref, file);
        List<String> refusals;
        try {
            refusals = Datasets.tofuRefusals(file);
        } catch (InvalidItemException e) {
            throw new InvalidDatasetException(FIELD, e.where().replace(file.toString(), ref.uri()),
                    e.getMessage().replace(file.toString(), ref.uri()), e);
        }
        if (refusals.isEmpty()) {
            throw new InvalidDatasetException(FIELD, ref.uri(), "the refusals object has no lines", null);
        }
        if (refusals.size() > config.limits().maxItems()) {
            throw new LimitExceededException(FIELD, refusals.size() + " lines", config.limits().maxItems());
        }
        return refusals;
    }
}
