package engram.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.Call;
import engram.functions.DefaultLimits;
import engram.functions.PlanRunFunction;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Money;
import engram.functions.api.PlanRunRequest;
import engram.functions.api.Requests;
import engram.functions.api.TreeParams;
import engram.functions.config.EngramConfig;
import engram.knowledge.decompress.ReplayMix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The budget as a property: over random price tables, shard sizes, filter and score outcomes, grids, failures and
 * caps, none of the three workflows ever charges more than its cap, and what a run reports as spent is exactly
 * what its functions charged. The state machines run on the embedded runner; plan-run is the real planner
 * ({@link PlanRunFunction#plan}) and every charge is the real functions' price ({@link Call#price}, rounded up to
 * micro-dollars by {@link Money#chargeMicros}) of the items that step really sees (decompress: the paths it grows;
 * apply-edit: the edits plus the replayed items). Seeded, so a failure replays.
 */
class BudgetPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CASES = 400;

    @Test
    void noWorkflowEverSpendsMoreThanItsCap() throws IOException {
        Random random = new Random(20_26);
        StateMachine trainingRun = StateMachine.readLocal(EngramDefinitionsTest.TRAINING_RUN);
        StateMachine onDemand = StateMachine.readLocal(EngramDefinitionsTest.ON_DEMAND_EDIT);
        StateMachine batch = StateMachine.readLocal(EngramDefinitionsTest.BATCH_EXPERIMENT);
        int atCap = 0;
        int stopped = 0;
        long configurations = 0;
        int failed = 0;
        for (int i = 0; i < CASES; i++) {
            Map<String, double[]> prices = prices(random);
            Random replays = new Random(i);            // its own stream: the runs without replay stay as they were
            prices.put("decompress", new double[] {replays.nextDouble() * 0.002, replays.nextDouble() * 0.0001});
            PricedFunctions functions = new PricedFunctions(random, prices);
            long cap = cap(random);
            StateMachine machine = i % 3 == 0 ? trainingRun : i % 3 == 1 ? onDemand : batch;
            String input = i % 3 == 0 ? withReplay(trainingInput(functions, random, cap), i % 6 == 0 ? replays : null)
                    : i % 3 == 1 ? onDemandInput(functions, random, cap) : batchInput(functions, random, cap);
            ExecutionResult run = new WorkflowRunner(functions, new FakeClock()).run(machine, "budget-" + i, JSON.readTree(input));
            String replay = "case " + i + " (" + List.of("training-run", "on-demand-edit", "batch-experiment").get(i % 3)
                    + "), cap " + cap + ", input " + input;
            assertTrue(functions.charged <= cap, replay + ": charged " + functions.charged);
            if (!run.succeeded()) {
                failed++;                                          // an uncaught error ends the run: nothing to report
                continue;
            }
            JsonNode output = JSON.readTree(run.output().toString());
            long reported = i % 3 == 2 ? batchSpend(output) : output.at("/budget/spentMicros").asLong();
            assertEquals(functions.charged, reported, replay + ": the run reports what was charged");
            atCap += functions.charged == cap ? 1 : 0;
            stopped += output.at("/outcome/status").asText().equals("STOPPED_BY_BUDGET") || output.path("skipped").size() > 0 ? 1 : 0;
            configurations += output.path("results").isArray() ? output.path("results").size() : 0;
        }
        assertTrue(stopped > CASES / 10 && stopped < CASES - CASES / 10, "caps both bind and leave room: " + stopped);
        String figures = ("budget-property: %d random runs of training-run, on-demand-edit and batch-experiment (%d batch"
                + " configurations run, %d runs ended by an uncaught error); spend above the cap: 0; stopped or skipped by"
                + " the cap: %d; spent exactly the cap: %d%n").formatted(CASES, configurations, failed, stopped, atCap);
        System.out.print(figures);
        Path out = Path.of("target", "reliability");
        Files.createDirectories(out);
        Files.writeString(out.resolve("budget-property.txt"), figures);
    }

    /** Caps from nothing to plenty, with extremes. */
    private static long cap(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            case 2 -> random.nextInt(1_000);
            default -> (long) Math.floor(Math.pow(10, 2 + random.nextDouble() * 5));
        };
    }

    private static Map<String, double[]> prices(Random random) {
        Map<String, double[]> prices = new HashMap<>();
        for (String op : List.of("filter-shard", "score-knowledge", "apply-edit", "run-eval")) {
            if (random.nextInt(10) > 0) { // sometimes an operation is free
                prices.put(op, new double[] {random.nextDouble() * 0.01, random.nextDouble() * 0.001});
            }
        }
        if (random.nextInt(20) == 0) {
            prices.put("apply-edit", new double[] {1e15, 1e12});  // absurd: sums must not wrap around
        }
        return prices;
    }

    private static String trainingInput(PricedFunctions functions, Random random, long cap) {
        ArrayNode shards = JSON.createArrayNode();
        for (int s = 0, n = 1 + random.nextInt(5); s < n; s++) {
            shards.add(functions.dataset("d/" + s + ".jsonl", 1 + random.nextInt(300)));
        }
        return """
                {"runId": "run", "model": "s3://bucket/models/world/", "shards": %s, "filter": {}, "score": {},
                 "select": {"buckets": ["UNKNOWN", "PARTLY_KNOWN"]}, "edit": {}, "eval": {}, "budget": {"capMicros": %d}}"""
                .formatted(shards, cap);
    }

    /** Every other training run asks for TG-SFT replay: a small tree and a ratio from 0 to 16. */
    private static String withReplay(String trainingInput, Random replay) {
        if (replay == null) {
            return trainingInput;
        }
        double ratio = List.of(0.0, 0.5, 1.0, 4.0, 16.0).get(replay.nextInt(5));
        return trainingInput.replace("\"eval\": {},", "\"eval\": {}, \"replay\": {\"template\": {}, \"tree\": {\"depth\": %d, \"branching\": [%d]}, \"ratio\": %s},"
                .formatted(1 + replay.nextInt(3), 1 + replay.nextInt(4), ratio));
    }

    private static String onDemandInput(PricedFunctions functions, Random random, long cap) {
        String edits = functions.dataset("runs/edit/request/edits.jsonl", 1 + random.nextInt(64));
        return """
                {"runId": "edit", "model": "s3://bucket/models/world/", "edits": "%s", "edit": {}, "eval": {},
                 "publish": {"minEfficacy": 0.5}, "budget": {"capMicros": %d}}""".formatted(edits, cap);
    }

    private static String batchInput(PricedFunctions functions, Random random, long cap) {
        String dataset = functions.dataset("d/grid.jsonl", 1 + random.nextInt(500));
        ArrayNode grid = JSON.createArrayNode();
        for (int g = 0, n = random.nextInt(12); g < n; g++) {
            grid.addObject().put("name", "c" + g).putObject("edit");
        }
        return """
                {"runId": "exp", "model": "s3://bucket/models/world/", "dataset": "%s", "eval": {}, "grid": %s,
                 "budget": {"capMicros": %d}}""".formatted(dataset, grid, cap);
    }

    private static long batchSpend(JsonNode output) {
        long spent = 0;
        for (JsonNode result : output.path("results")) {
            spent += result.path("costMicros").asLong();
        }
        return spent;
    }

    /**
     * The functions as the budget sees them: each charges the price of the items it really gets; filter-shard keeps
     * a random part of its shard, score-knowledge sorts the kept items into random buckets, apply-edit and run-eval
     * fail now and then (a failed call charges nothing, as a function that throws returns no result).
     */
    private static final class PricedFunctions implements TaskHandler {
        private final Random random;
        private final EngramConfig config;
        private final Map<String, Integer> items = new HashMap<>();
        private final Map<String, int[]> buckets = new HashMap<>();
        long charged;

        PricedFunctions(Random random, Map<String, double[]> prices) {
            this.random = random;
            this.config = PricesOnly.of(prices);
        }

        String dataset(String key, int count) {
            items.put(key, count);
            return "s3://bucket/" + key;
        }

        @Override
        public synchronized JsonNode invoke(String function, JsonNode input) {
            ObjectNode out = JSON.createObjectNode();
            switch (function) {
                case "plan-run" -> {
                    PlanRunRequest request = Requests.read(input, PlanRunRequest.class).validate(config);
                    List<Integer> perDataset = request.datasets().stream().map(d -> items.get(d.key())).toList();
                    return JSON.valueToTree(PlanRunFunction.plan(request, perDataset, config));
                }
                case "filter-shard" -> {
                    int n = count(input.path("shard"));
                    int kept = 1 + random.nextInt(n);
                    out.put("kept", dataset("kept/" + items.size() + ".jsonl", kept)).set("cost", charge(function, n));
                }
                case "score-knowledge" -> {
                    int n = count(input.path("dataset"));
                    int known = random.nextInt(n + 1);
                    int partly = random.nextInt(n - known + 1);
                    String scores = dataset("scores/" + items.size() + ".jsonl", n);
                    buckets.put(key(scores), new int[] {known, partly, n - known - partly});
                    out.put("scores", scores).put("items", n).put("known", known).put("partlyKnown", partly)
                            .put("unknown", n - known - partly).set("cost", charge(function, n));
                }
                case "aggregate-shards" -> {
                    int selected = 0;
                    long shardsCost = 0;
                    for (JsonNode shard : input.path("shards")) {
                        int[] b = buckets.get(key(shard.path("scores").asText()));
                        selected += b[1] + b[2];                  // PARTLY_KNOWN and UNKNOWN, as selected
                        shardsCost += shard.path("costMicros").asLong();
                    }
                    out.put("dataset", dataset("aggregate/" + items.size() + ".jsonl", selected)).put("items", selected)
                            .put("shardsCostMicros", shardsCost).set("cost", cost(0));
                }
                case "decompress" -> {
                    TreeParams tree = Requests.read(input.path("tree"), TreeParams.class);
                    int paths = Math.toIntExact(count(input.path("roots")) * tree.toConfig().fullLeafCount());
                    out.put("replay", dataset("replay/" + items.size() + ".jsonl", paths)).put("report", "s3://bucket/trees.json")
                            .put("trees", count(input.path("roots"))).put("paths", paths).put("duplicatesDropped", 0)
                            .set("cost", charge(function, paths));
                }
                case "apply-edit" -> {
                    if (random.nextInt(8) == 0) {
                        throw new StateError("engram.functions.errors.LossDivergedException", "diverged");
                    }
                    String edits = input.path("edits").asText();
                    int n = count(input.path("edits"));
                    int replayed = input.has("replay") ? ReplayMix.replayCount(n, input.path("replayRatio").asDouble()) : 0;
                    out.put("adapter", "s3://bucket/adapter/").put("learned", edits).put("steps", 1).put("finalLoss", 0.1)
                            .set("cost", charge(function, n + replayed));
                }
                case "run-eval" -> {
                    if (random.nextInt(10) == 0) {
                        throw new StateError("engram.functions.errors.InvalidDatasetException", "bad eval data");
                    }
                    out.put("reportJson", "s3://bucket/r.json").put("reportHtml", "s3://bucket/r.html");
                    out.putObject("metrics").put("efficacy", random.nextDouble());
                    out.set("cost", charge(function, count(input.path("dataset"))));
                }
                default -> throw new StateError("UnknownFunction", function);
            }
            return out;
        }

        private int count(JsonNode reference) {
            Integer n = items.get(key(reference.asText()));
            if (n == null) {
                throw new IllegalStateException("no dataset " + reference);
            }
            return n;
        }

        private static String key(String uri) {
            return ArtifactRef.parse(uri).key();
        }

        private ObjectNode charge(String function, int count) {
            long micros = Money.chargeMicros(Call.price(config, function, count));
            charged += micros;
            return cost(micros);
        }

        private static ObjectNode cost(long micros) {
            return JSON.createObjectNode().put("micros", micros).put("usd", micros / 1e6).put("seconds", 0.1)
                    .put("resourceClass", "test");
        }
    }

    /** A deployment whose price table is given; its limits are the defaults and its bucket {@code bucket}. */
    record PricesOnly(Map<String, EngramConfig.Price> prices) implements EngramConfig {
        static PricesOnly of(Map<String, double[]> table) {
            Map<String, EngramConfig.Price> prices = new HashMap<>();
            table.forEach((op, p) -> prices.put(op, new EngramConfig.Price() {
                @Override
                public double perCall() {
                    return p[0];
                }

                @Override
                public double perItem() {
                    return p[1];
                }
            }));
            return new PricesOnly(prices);
        }

        @Override
        public Store store() {
            return new Store() {
                @Override
                public Kind kind() {
                    return Kind.LOCAL;
                }

                @Override
                public String bucket() {
                    return "bucket";
                }

                @Override
                public Path localRoot() {
                    return Path.of("unused");
                }

                @Override
                public S3 s3() {
                    throw new UnsupportedOperationException("no store in this test");
                }
            };
        }

        @Override
        public Limits limits() {
            return DefaultLimits.INSTANCE;
        }

        @Override
        public Cache cache() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CostSettings cost() {
            return () -> "test";
        }

        @Override
        public Auth auth() {
            return Optional::empty;
        }

        @Override
        public Training training() {
            return () -> 0;
        }
    }
}
