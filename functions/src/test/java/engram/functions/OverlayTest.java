package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.api.EditParams;
import engram.functions.api.EvalParams;
import engram.functions.api.OvertoneParams;
import engram.functions.api.ScoreParams;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.eval.EditEvaluation;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.ft.FtSettings;
import engram.knowledge.edit.lora.LoraSettings;
import engram.knowledge.edit.overtone.Overtone;
import engram.knowledge.editor.Editors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's fields laid over the defaults: what is given replaces, what is absent stays, what is unknown is refused. */
class OverlayTest {
    private static final EngramConfig.Limits LIMITS = DefaultLimits.INSTANCE;

    private static EditParams edit(EditMethod method, Integer layer, Integer rank, Integer steps, OvertoneParams overtone) {
        return new EditParams(method, layer, rank, null, null, null, null, null, steps, null, null, null, overtone, null);
    }

    @Test
    void givenFieldsReplaceTheMethodsDefaultsAndAbsentOnesStay() {
        EditConfig lora = edit(EditMethod.LORA, null, 8, 12, null).toConfig(LIMITS);
        EditConfig defaults = Editors.loraDownProjection();
        assertEquals(12, lora.steps());
        assertEquals(8, lora.settings(LoraSettings.class).rank());
        assertEquals(defaults.settings(LoraSettings.class).alpha(), lora.settings(LoraSettings.class).alpha());
        assertEquals(defaults.learningRate(), lora.learningRate());
        EditConfig ft = edit(EditMethod.FT_L, 2, null, null, null).toConfig(LIMITS);
        assertEquals(new FtSettings(2, 0f), ft.settings());
        assertEquals(Editors.ftL().steps(), ft.steps());
    }

    @Test
    void aNestedObjectIsLaidOverItsOwnDefault() {
        EditConfig withLoss = edit(EditMethod.LORA, null, null, null, new OvertoneParams(0.3f, null, null))
                .toConfig(LIMITS);
        assertEquals(new Overtone(0.3f, Overtone.DEFAULT.epsilon(), Overtone.DEFAULT.nSigma()), withLoss.overtone());
        EditConfig overtone = edit(EditMethod.OVERTONE, null, null, null, null).toConfig(LIMITS);
        assertEquals(Overtone.DEFAULT, overtone.overtone());
    }

    @Test
    void flatFieldsReachTheirNestedRecord() {
        KnowledgeScorer.Options options = new ScoreParams(null, null, null, null, 0.4, null).toOptions();
        assertEquals(0.4, options.thresholds().knownProbability());
        assertEquals(KnowledgeScorer.Options.DEFAULT.thresholds().knownAccuracy(), options.thresholds().knownAccuracy());
        assertEquals(KnowledgeScorer.Options.DEFAULT.batchSize(), options.batchSize());
    }

    @Test
    void oneObjectForTwoConfigsLaysOnlyWhatEachHas() {
        EvalParams eval = new EvalParams(8, 3, null, 17, 5L);
        EditEvaluation.Options edit = eval.editOptions();
        assertEquals(List.of(8, 3, EditEvaluation.Options.DEFAULT.fluencyTokens(), 5L),
                List.of(edit.batchSize(), edit.fluencyItems(), edit.fluencyTokens(), edit.seed()));
        assertEquals(17, eval.unlearningOptions().maxNewTokens());
    }

    @Test
    void aFieldOfAnotherMethodOrAnOutOfRangeValueIsRefusedByName() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> edit(EditMethod.FT_M, null, 8, null, null).toConfig(LIMITS));
        assertTrue(e.getMessage().startsWith("edit.rank: unknown field; known: [method, layer, normConstraint"), e.getMessage());
        e = assertThrows(InvalidRequestException.class,
                () -> edit(EditMethod.LORA, null, null, null, new OvertoneParams(2f, null, null)).toConfig(LIMITS));
        assertTrue(e.getMessage().contains("overtone.lambda"), e.getMessage());
    }

    @Test
    void theApiListsTheLibrarysMethods() throws Exception {
        String api = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/openapi/engram-edits.yaml"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("method: \\{ type: string, enum: \\[([A-Z_, ]+)]").matcher(api);
        assertTrue(m.find(), "the edit's method in the OpenAPI document");
        assertEquals(java.util.Arrays.stream(EditMethod.values()).map(Enum::name).toList(), List.of(m.group(1).split(", ")));
    }
}
