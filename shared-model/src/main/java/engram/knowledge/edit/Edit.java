package engram.knowledge.edit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.change.ChangeFiles;
import engram.knowledge.change.Description;
import engram.knowledge.change.WeightChange;
import java.util.List;

/**
 * A trained edit: a {@link WeightChange} (apply, merge, remove, save, close as any change) that also remembers the
 * settings it was trained with and how training went. Its folder is a change folder of format
 * {@value ChangeFiles#EDIT} whose {@code edit.json} carries the {@code config}.
 */
public final class Edit extends WeightChange {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How training went.
     *
     * @param steps       optimiser steps run (0 for a loaded edit)
     * @param finalLoss   the last step's mean loss (NaN for a loaded edit)
     * @param resumedFrom the step of the checkpoint the training resumed from; 0 when it started afresh
     * @param tokenTraces the HTO diagnostic per item, empty unless {@link EditConfig#traceTokens()}
     */
    public record Training(int steps, float finalLoss, int resumedFrom, List<TokenTrace> tokenTraces) {
        /** What a loaded edit reports: no steps, NaN loss. */
        public static final Training NONE = new Training(0, Float.NaN, 0, List.of());

        /** Copies the traces. */
        public Training {
            tokenTraces = List.copyOf(tokenTraces);
        }
    }

    private final EditConfig config;
    private final Training training;

    /** Wraps {@code change} (taking over its arrays) as the edit trained with {@code config}. */
    public Edit(WeightChange change, EditConfig config, Training training) {
        super(change);
        this.config = config;
        this.training = training;
    }

    /** The description an edit of {@code items} trained with {@code config} saves. */
    public static Description describe(EditConfig config, List<String> itemIds) {
        ObjectNode fields = JSON.createObjectNode();
        fields.set("config", JSON.valueToTree(config));
        return new Description(ChangeFiles.EDIT, config.method().name(), fields, itemIds, null);
    }

    /** The settings it was trained with. */
    public EditConfig config() {
        return config;
    }

    /** How training went. */
    public Training training() {
        return training;
    }
}
