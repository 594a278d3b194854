package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Money;
import engram.functions.api.PlanRunRequest.GridConfig;
import engram.functions.api.PlanRunRequest.ReplayPlan;
import engram.functions.api.PlanRunRequest.Workflow;
import engram.functions.api.PlanRunRequest;
import engram.functions.api.PlanRunResult.Estimates;
import engram.functions.api.PlanRunResult.Planned;
import engram.functions.api.PlanRunResult;
import engram.functions.api.Requests;
import engram.functions.config.EngramConfig;
import engram.knowledge.Format;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plan-run}: the cost estimate of a workflow's paid steps, from the price table, before any of them runs.
 * It reads dataset sizes only, writes nothing and is not charged. For a batch experiment it also decides which
 * configurations run: each one's estimate is reserved in grid order while the sum stays within the cap, and the
 * rest are listed as skipped, so the experiment cannot spend more than its cap.
 */
public class PlanRunFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;

    @Funq("plan-run")
    public PlanRunResult planRun(JsonNode body) {
        PlanRunRequest request = Requests.read(body, PlanRunRequest.class).validate(config);
        List<Integer> perDataset = request.datasets() == null ? List.of(request.inlineItems())
                : operations.read("plan-run", request.runId(), request, call -> count(call, request.datasets()));
        return plan(request, perDataset, config);
    }

    /**
     * The plan of a validated request whose datasets hold {@code perDataset} items: the price table's estimates and,
     * for a batch experiment, the configurations whose estimates fit the cap together, reserved in grid order.
     * Sums saturate at {@link Long#MAX_VALUE} instead of wrapping, so no price table makes a reservation overflow.
     */
    public static PlanRunResult plan(PlanRunRequest request, List<Integer> perDataset, EngramConfig config) {
        int items = perDataset.stream().mapToInt(Integer::intValue).sum();
        long edit = Money.chargeMicros(Call.price(config, "apply-edit", items));
        long eval = Money.chargeMicros(Call.price(config, "run-eval", items));
        if (request.workflow() != Workflow.BATCH_EXPERIMENT) {
            long shards = 0;
            if (request.workflow() == Workflow.TRAINING_RUN) {
                for (int n : perDataset) {
                    shards = plus(shards, plus(Money.chargeMicros(Call.price(config, "filter-shard", n)),
                            Money.chargeMicros(Call.price(config, "score-knowledge", n))));
                }
            }
            Estimates estimates = request.replay() == null ? new Estimates(shards, edit, eval)
                    : withReplay(request.replay(), items, shards, edit, eval, config);
            return new PlanRunResult(request.capMicros(), items, estimates, null, null, null);
        }
        List<Planned> selected = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long reserved = 0;
        long need = plus(edit, eval);
        for (GridConfig entry : request.grid()) {
            if (need <= request.capMicros() - reserved) {
                reserved += need;
                selected.add(new Planned(entry.name(), request.runId() + "." + entry.name(), entry.edit(), edit, eval));
            } else {
                skipped.add(entry.name());
            }
        }
        return new PlanRunResult(request.capMicros(), items, null, reserved, selected, skipped);
    }

    /**
     * The estimates of a training run with TG-SFT replay: decompress grows at most one full tree per item (its
     * roots are the edit set's distinct subjects), and apply-edit is charged for the edits plus
     * {@code round(ratio x items)} replayed items, as {@link engram.knowledge.decompress.ReplayMix#replayCount}
     * counts them. Counts are longs and prices saturate, so no tree shape or price table overflows.
     */
    private static Estimates withReplay(ReplayPlan replay, int items, long shards, long editAlone, long eval,
                                        EngramConfig config) {
        long leaves = saturatingTimes(items, replay.tree().toConfig().fullLeafCount());
        long replayed = BigDecimal.valueOf(replay.ratio()).multiply(BigDecimal.valueOf(items))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();                   // ratio <= 16: fits a long
        long decompress = Money.chargeMicros(Call.price(config, "decompress", leaves));      // the cast saturates
        long edit = Money.chargeMicros(Call.price(config, "apply-edit", plus(items, replayed)));
        return new Estimates(shards, edit, eval, decompress, editAlone);
    }

    private static long saturatingTimes(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long product = a * b;
        return hi != 0 || product < 0 ? Long.MAX_VALUE : product;                    // both non-negative
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;                 // both non-negative: overflow saturates
    }

    /**
     * Items per dataset, each read as every other function reads a dataset ({@link Call#items}): within the
     * deployment's byte and item limits and through its format's reader, so an oversized or malformed dataset
     * fails here, early, with the error the paid step would give.
     */
    private static List<Integer> count(Call call, List<ArtifactRef> datasets) {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            counts.add(call.items("datasets[" + i + "]", datasets.get(i), Format.ENGRAM_JSONL).size());
        }
        return counts;
    }
}
