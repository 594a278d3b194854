package engram.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.PlanRunFunction;
import engram.functions.api.PlanRunRequest;
import engram.functions.api.PlanRunResult.Estimates;
import engram.functions.api.PlanRunResult;
import engram.functions.api.Requests;
import engram.functions.errors.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code plan-run}'s training-run estimates from the price table ({@link PlanRunFunction#plan}): without replay
 * they are what they always were and carry no replay fields; with TG-SFT replay, decompress is priced over one full
 * tree per item and apply-edit over the edits plus the replayed items, next to apply-edit alone; figures saturate
 * instead of wrapping.
 */
class PlanRunEstimatesTest {
    /** The deployment's price table (application.properties). */
    private static final BudgetPropertyTest.PricesOnly PRICES = BudgetPropertyTest.PricesOnly.of(Map.of(
            "filter-shard", new double[] {0.0002, 0.00001}, "score-knowledge", new double[] {0.0002, 0.00001},
            "apply-edit", new double[] {0.002, 0.0005}, "run-eval", new double[] {0.0005, 0.00005},
            "decompress", new double[] {0.0005, 0.00002}));

    @Test
    void withoutReplayTheEstimatesAreUnchangedAndCarryNoReplayFields() {
        PlanRunResult plan = plan(null, List.of(3, 5), PRICES);
        assertEquals(new Estimates(2 * (200 + 200) + 2 * 10 * 8, 2_000 + 500 * 8, 500 + 50 * 8), plan.estimates());
        assertNull(plan.estimates().decompressMicros());
        JsonNode json = Requests.json().valueToTree(plan);
        assertFalse(json.path("estimates").has("decompressMicros") || json.path("estimates").has("applyEditAloneMicros"),
                json.toString());
    }

    @Test
    void replayAddsDecompressAndTheReplayedItemsToApplyEdit() {
        // 8 items; trees of depth 2 with 3 x 2 leaves: at most 48 paths; ratio 1.5: 12 replayed items.
        Estimates e = plan("{\"tree\": {\"depth\": 2, \"branching\": [3, 2]}, \"ratio\": 1.5}", List.of(3, 5), PRICES)
                .estimates();
        assertEquals(500 + 20 * 48, e.decompressMicros());
        assertEquals(2_000 + 500 * (8 + 12), e.applyEditMicros());
        assertEquals(2_000 + 500 * 8, e.applyEditAloneMicros());
        assertEquals(500 + 50 * 8, e.runEvalMicros(), "run-eval reads the edits only");

        // The default tree (depth 2, branching 2: 4 paths per root); ratio 0.5 of 7 rounds half up to 4.
        Estimates d = plan("{\"ratio\": 0.5}", List.of(7), PRICES).estimates();
        assertEquals(500 + 20 * 28, d.decompressMicros());
        assertEquals(2_000 + 500 * (7 + 4), d.applyEditMicros());
        Estimates none = plan("{\"tree\": {}, \"ratio\": 0}", List.of(7), PRICES).estimates();
        assertEquals(none.applyEditAloneMicros(), none.applyEditMicros(), "ratio 0 replays nothing");
    }

    @Test
    void absurdPricesAndTreesSaturateInsteadOfWrapping() {
        BudgetPropertyTest.PricesOnly absurd = BudgetPropertyTest.PricesOnly.of(Map.of(
                "apply-edit", new double[] {1e15, 1e12}, "decompress", new double[] {1e15, 1e12}));
        Estimates e = plan("{\"tree\": {\"depth\": 8, \"branching\": [16]}, \"ratio\": 16}",
                List.of(Integer.MAX_VALUE), absurd).estimates();
        assertEquals(Long.MAX_VALUE, e.decompressMicros());
        assertEquals(Long.MAX_VALUE, e.applyEditMicros());
        assertEquals(0, plan("{\"ratio\": 16}", List.of(4), BudgetPropertyTest.PricesOnly.of(Map.of())).estimates()
                .decompressMicros(), "an operation missing from the table is free, as Call.price has it");
    }

    @Test
    void aBadReplayIsRefusedNamingItsField() {
        assertField("replay.ratio", "{\"tree\": {}}", "training-run");
        assertField("replay.ratio", "{\"ratio\": 17}", "training-run");
        assertField("tree.depth", "{\"tree\": {\"depth\": 9}, \"ratio\": 1}", "training-run");
        assertField("replay", "{\"ratio\": 1}", "on-demand-edit");
    }

    private static void assertField(String field, String replay, String workflow) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> request(replay, workflow));
        assertEquals(field, refused.field());
    }

    private static PlanRunResult plan(String replay, List<Integer> perDataset, BudgetPropertyTest.PricesOnly prices) {
        return PlanRunFunction.plan(request(replay, "training-run"), perDataset, prices);
    }

    private static PlanRunRequest request(String replay, String workflow) {
        String body = "{\"runId\": \"plan-1\", \"workflow\": \"" + workflow + "\", \"datasets\": [\"s3://bucket/d/a.jsonl\"],"
                + " \"capMicros\": 1000000" + (replay == null ? "" : ", \"replay\": " + replay) + "}";
        try {
            return Requests.read(Requests.json().readTree(body), PlanRunRequest.class).validate(PRICES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
