package engram.knowledge.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.ft.FtEditor;
import engram.knowledge.edit.ft.FtSettings;
import engram.knowledge.edit.lora.LoraEditor;
import engram.knowledge.edit.lora.LoraSettings;
import engram.knowledge.edit.overtone.Overtone;
import engram.lora.LoraConfig;
import org.junit.jupiter.api.Test;

/** The registry: every method has an editor and valid defaults, and a config survives its JSON form. */
class EditorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMethodIsRegisteredWithValidDefaults() {
        for (EditMethod method : EditMethod.values()) {
            EditConfig defaults = Editors.defaults(method);
            assertEquals(method, defaults.method());
            Editors.validate(defaults);
            assertInstanceOf(Editors.editor(method).settingsType(), defaults.settings(), method.name());
        }
        assertEquals(FtEditor.PROMPT_LAST, Editors.editor(EditMethod.FT_L));
        assertEquals(FtEditor.TARGET_ONLY, Editors.editor(EditMethod.FT_M));
        assertEquals(LoraEditor.INSTANCE, Editors.editor(EditMethod.TAIA));
        assertEquals(Overtone.DEFAULT, Editors.defaults(EditMethod.OVERTONE).overtone());
        assertEquals(LoraConfig.ALL_LINEAR, Editors.defaults(EditMethod.TAIA).settings(LoraSettings.class).targets());
    }

    @Test
    void theJsonFormIsFlatAndReadsBack() {
        for (EditMethod method : EditMethod.values()) {
            EditConfig config = Editors.defaults(method).withSeed(7).withSteps(3);
            JsonNode json = JSON.valueToTree(config);
            assertFalse(json.has("settings"), json.toString());
            assertEquals(config, Editors.read(json), method.name());
        }
        JsonNode ft = JSON.valueToTree(Editors.ftL().withSettings(new FtSettings(2, 0.5f)));
        assertEquals(2, ft.get("layer").asInt());
        assertTrue(JSON.valueToTree(Editors.loraDownProjection()).has("rank"));
    }

    @Test
    void aFieldOfAnotherMethodIsRefusedByName() {
        ObjectNode json = JSON.valueToTree(Editors.ftL());
        json.put("rank", 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Editors.read(json));
        assertTrue(e.getMessage().startsWith("rank is not a setting of FT_L"), e.getMessage());
        ObjectNode unknown = JSON.valueToTree(Editors.ftL());
        unknown.put("method", "ROME");
        e = assertThrows(IllegalArgumentException.class, () -> Editors.read(unknown));
        assertTrue(e.getMessage().startsWith("method must be one of"), e.getMessage());
    }
}
