package engram.knowledge.editor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.Editor;
import engram.knowledge.edit.MethodSettings;
import engram.knowledge.edit.ft.FtEditor;
import engram.knowledge.edit.ft.FtSettings;
import engram.knowledge.edit.lora.LoraEditor;
import engram.knowledge.edit.lora.LoraSettings;
import engram.knowledge.edit.overtone.Overtone;
import engram.lora.LoraConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of editing methods: for each {@link EditMethod}, the editor that runs it and the config it starts
 * from. Adding a method is one package under {@code engram.knowledge.edit} (its settings record and its
 * {@link Editor}) and one line in {@link #METHODS}.
 */
public final class Editors {
    private record Method(Editor editor, EditConfig defaults) {}

    private static final Map<EditMethod, Method> METHODS = new EnumMap<>(Map.of(
            EditMethod.FT_L, method(EditMethod.FT_L, FtEditor.PROMPT_LAST, FtSettings.DEFAULT, 1e-2f, null),
            EditMethod.FT_M, method(EditMethod.FT_M, FtEditor.TARGET_ONLY, FtSettings.DEFAULT, 1e-2f, null),
            EditMethod.LORA, method(EditMethod.LORA, LoraEditor.INSTANCE, LoraSettings.DOWN_PROJECTION, 5e-3f, null),
            EditMethod.OVERTONE, method(EditMethod.OVERTONE, LoraEditor.INSTANCE, LoraSettings.DOWN_PROJECTION, 5e-3f,
                    Overtone.DEFAULT),
            EditMethod.TAIA, method(EditMethod.TAIA, LoraEditor.INSTANCE, LoraSettings.ALL_LINEAR, 5e-3f, null)));

    private static final ObjectMapper JSON = new ObjectMapper();

    private Editors() {}

    private static Method method(EditMethod name, Editor editor, MethodSettings settings, float learningRate,
                                 Overtone loss) {
        return new Method(editor, EditConfig.of(name, settings, learningRate, 40).withOvertone(loss));
    }

    /** The editor that runs {@code method}. */
    public static Editor editor(EditMethod method) {
        return METHODS.get(method).editor();
    }

    /**
     * What {@code method} starts from: 40 steps, all items per step, EasyEdit's early stop, seed 0; FT at lr 1e-2 on
     * the layer two thirds deep; the LoRA methods at lr 5e-3 with rank 4, alpha 8 (LORA and OVERTONE on every MLP
     * down-projection, OVERTONE with its default loss, TAIA on every linear map).
     */
    public static EditConfig defaults(EditMethod method) {
        return METHODS.get(method).defaults();
    }

    /** FT-L's defaults. */
    public static EditConfig ftL() {
        return defaults(EditMethod.FT_L);
    }

    /** FT-M's defaults. */
    public static EditConfig ftM() {
        return defaults(EditMethod.FT_M);
    }

    /** LORA's defaults: rank 4, alpha 8, no dropout on every MLP down-projection. */
    public static EditConfig loraDownProjection() {
        return defaults(EditMethod.LORA);
    }

    /** LORA's defaults with adapter {@code adapter}. */
    public static EditConfig lora(LoraConfig adapter) {
        return loraDownProjection().withSettings(LoraSettings.of(adapter));
    }

    /**
     * Checks {@code config}: its ranges, and that its settings are its method's.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public static EditConfig validate(EditConfig config) {
        config.validate();
        config.settings(editor(config.method()).settingsType());
        return config;
    }

    /**
     * Reads a config written as JSON ({@code edit.json}'s {@code config}, a ledger line, a request laid over the
     * defaults): one object with the shared fields and the method's own beside them; {@code method} says which
     * settings record those form. A field that neither has is refused.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public static EditConfig read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an edit config must be a JSON object, got " + json);
        }
        EditMethod method;
        try {
            method = EditMethod.valueOf(json.path("method").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method must be one of " + java.util.Arrays.toString(EditMethod.values())
                    + ", got " + json.path("method"), e);
        }
        Class<? extends MethodSettings> type = editor(method).settingsType();
        ObjectNode shared = ((ObjectNode) json).deepCopy();
        ObjectNode own = JSON.createObjectNode();
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode value = shared.remove(c.getName());
            if (value != null) {
                own.set(c.getName(), value);
            }
        }
        try {
            EditConfig config = JSON.treeToValue(shared, EditConfig.class);
            return validate(config.withSettings(own.isEmpty() ? null : JSON.treeToValue(own, type)));
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(e.getPropertyName() + " is not a setting of " + method + "; known: "
                    + known(method), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an edit config does not fit: " + e.getOriginalMessage(), e);
        }
    }

    /** The fields a config of {@code method} has, shared ones first. */
    public static List<String> known(EditMethod method) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : EditConfig.class.getRecordComponents()) {
            if (!c.getName().equals("settings")) {
                out.add(c.getName());
            }
        }
        for (RecordComponent c : editor(method).settingsType().getRecordComponents()) {
            out.add(c.getName());
        }
        return out;
    }
}
