package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.HostileInputs.Attack;
import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.StoredObject;
import engram.functions.workflow.LocalInputs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile input, measured: more than a thousand generated requests, raw bodies, dataset lines, adapters and model
 * folders ({@link HostileInputs}) against every function over HTTP. Each must get a client error (4xx) whose JSON
 * body names one of the workflow's errors with that error's status; none may crash the server (5xx) or write
 * anything outside the run's prefix, and no file may appear outside the store. The figures go to
 * {@code target/reliability/hostile-inputs.txt}.
 */
@QuarkusTest
@TestProfile(EditApiAsyncTest.Async.class)
class HostileInputsTest {
    private static final String RUN = "hostile";
    private static final String ADAPTERS = "runs/" + RUN + "/adapters/";
    private static final Map<String, Integer> STATUS = Map.of("InvalidRequestException", 400, "UnauthorizedException", 401,
            "BudgetExceededException", 402, "ArtifactNotFoundException", 404, "ModelMismatchException", 409,
            "LimitExceededException", 413, "InvalidDatasetException", 422, "LossDivergedException", 422);
    private static final byte[] PICKLE = {(byte) 0x80, 0x04, (byte) 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, (byte) 0x8c, 0x05,
        'p', 'o', 's', 'i', 'x', (byte) 0x94, (byte) 0x8c, 0x06, 's', 'y', 's', 't', 'e', 'm', (byte) 0x94, (byte) 0x93,
        (byte) 0x94, 0x2e};

    @Inject ArtifactStore store;
    @Inject LocalInputs inputs;

    private final HostileInputs generate = new HostileInputs(2024);

    /** One input as sent: where it went and how it was answered. */
    private record Sent(Attack attack, String function, int status, String error) {}

    /** A request to send: which function, which body, which headers. */
    private record Call(Attack attack, String function, String authorization) {}

    @Test
    void everyHostileInputGetsATypedClientErrorAndWritesNothingOutsideItsRun() throws Exception {
        inputs.model(Fixtures.modelFolder().toString());
        Fixtures.uploadModels(store);
        Fixtures.put(store, "data/host-ok.jsonl", Fixtures.worldItems(300, 2));
        List<Call> calls = new ArrayList<>();
        requests(calls);
        datasets(calls);
        adapters(calls);
        models(calls);
        longItems(calls);
        authorization(calls);

        Map<String, String> before = snapshot();
        List<Sent> sent = new ArrayList<>();
        for (Call call : calls) {
            sent.add(send(call));
        }
        sent.add(chunkedAboveTheReadLimit());
        Map<String, String> after = snapshot();

        List<String> written = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
        List<String> outside = written.stream().filter(k -> !k.startsWith("runs/" + RUN + "/")).toList();
        List<Path> escaped = escapedFiles();
        report(sent, written, escaped);
        List<Sent> wrong = sent.stream().filter(s -> s.status() < 400 || s.status() > 499 || s.error() == null
                || !STATUS.containsKey(s.error()) || STATUS.get(s.error()) != s.status()).toList();
        assertTrue(wrong.isEmpty(), wrong.size() + " inputs were not answered with a typed client error, e.g. "
                + wrong.stream().limit(10).map(s -> s.attack().category() + " " + s.function() + " "
                + s.attack().description() + " -> " + s.status() + " " + s.error()).collect(Collectors.joining("; ")));
        assertTrue(sent.size() >= 1000, "inputs tried: " + sent.size());
        assertEquals(List.of(), outside, "writes outside the run's prefix");
        assertEquals(List.of(), escaped, "files outside the store");
    }

    /** Every function's request, mutated at every field, and raw bodies that are not its JSON. */
    private void requests(List<Call> calls) {
        for (Map.Entry<String, JsonNode> base : bases().entrySet()) {
            assertEquals(404, send(new Call(new Attack("base", base.getKey(), "valid shape", HostileInputs.text(base.getValue())
                    .getBytes(StandardCharsets.UTF_8)), base.getKey(), bearer())).status(),
                    base.getKey() + ": the valid shape reaches the store and finds nothing");
            for (Attack attack : generate.mutations("request", base.getKey(), base.getValue(), 5)) {
                calls.add(new Call(attack, base.getKey(), bearer()));
            }
            for (Attack attack : generate.rawBodies(base.getKey(), base.getValue())) {
                calls.add(new Call(attack, base.getKey(), bearer()));
            }
        }
    }

    /** Valid request shapes whose artifacts do not exist: whatever a mutation leaves valid ends in a 404. */
    private static Map<String, JsonNode> bases() {
        String model = "\"model\": {\"key\": \"models/absent/\"}";
        Map<String, String> text = new LinkedHashMap<>();
        text.put("filter-shard", "{\"runId\": \"hostile\", " + model + ", \"shard\": {\"key\": \"data/absent.jsonl\"},"
                + " \"targets\": {\"key\": \"data/absent-t.jsonl\"}, \"beacons\": {\"keepFraction\": 0.5, \"batchSize\": 4},"
                + " \"budgetUsd\": 1.0}");
        text.put("score-knowledge", "{\"runId\": \"hostile\", " + model + ", \"adapter\": {\"key\": \"adapters/absent/\"},"
                + " \"dataset\": {\"key\": \"data/absent.jsonl\"}, \"format\": \"ENGRAM_JSONL\","
                + " \"scoring\": {\"batchSize\": 4, \"extraTokens\": 2, \"side\": \"NEW\"}, \"budgetUsd\": 1.0}");
        text.put("apply-edit", "{\"runId\": \"hostile\", " + model + ", \"edits\": {\"key\": \"data/absent.jsonl\"},"
                + " \"edit\": {\"method\": \"LORA\", \"rank\": 4, \"alpha\": 8, \"dropout\": 0.0, \"targets\": [\"down_proj\"],"
                + " \"learningRate\": 0.005, \"steps\": 5, \"batchSize\": 0, \"seed\": 1}, \"budgetUsd\": 1.0}");
        text.put("run-eval", "{\"runId\": \"hostile\", " + model + ", \"adapter\": {\"key\": \"adapters/absent/\"},"
                + " \"dataset\": {\"key\": \"data/absent.jsonl\"}, \"kind\": \"EDIT\", \"inference\": \"TUNED\","
                + " \"eval\": {\"batchSize\": 4, \"fluencyItems\": 0}, \"budgetUsd\": 1.0}");
        text.put("decompress", "{\"runId\": \"hostile\", " + model + ", \"roots\": {\"key\": \"data/absent.jsonl\"},"
                + " \"template\": {\"kind\": \"COMPLETION\", \"questions\": [\"Where was %s born?\"]},"
                + " \"tree\": {\"depth\": 2, \"branching\": [2], \"maxNewTokens\": 8}, \"budgetUsd\": 1.0}");
        text.put("unlearn", "{\"runId\": \"hostile\", " + model + ", \"forget\": {\"key\": \"data/absent.jsonl\"},"
                + " \"retain\": {\"key\": \"data/absent-r.jsonl\"}, \"method\": \"GRADIENT_DIFFERENCE\","
                + " \"config\": {\"rank\": 4, \"steps\": 3, \"learningRate\": 0.001}, \"budgetUsd\": 1.0}");
        text.put("plan-run", "{\"runId\": \"hostile\", \"workflow\": \"batch-experiment\","
                + " \"datasets\": [{\"key\": \"data/absent.jsonl\"}], \"grid\": [{\"name\": \"a\", \"edit\": {\"method\": \"LORA\"}}],"
                + " \"capMicros\": 1000}");
        text.put("aggregate-shards", "{\"runId\": \"hostile\", \"shards\": [{\"index\": 0, \"shard\": {\"key\": \"data/absent.jsonl\"},"
                + " \"kept\": {\"key\": \"runs/hostile/k.jsonl\"}, \"scores\": {\"key\": \"runs/hostile/s.jsonl\"},"
                + " \"summary\": {\"unknown\": 1}, \"costMicros\": 5}], \"select\": {\"buckets\": [\"UNKNOWN\"]}}");
        Map<String, JsonNode> out = new LinkedHashMap<>();
        text.forEach((function, json) -> out.put(function, HostileInputs.parse(json)));
        return out;
    }

    /** Datasets of valid lines with one broken line among them, read by apply-edit and plan-run. */
    private void datasets(List<Call> calls) {
        List<String> valid = Fixtures.worldItems(310, 2);
        int i = 0;
        for (Attack line : generate.brokenLines(valid.get(0))) {
            String key = "runs/" + RUN + "/data/line-" + i++ + ".jsonl";
            byte[] content = concat(valid.get(1).getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
                    line.body(), "\n".getBytes(StandardCharsets.UTF_8), valid.get(0).getBytes(StandardCharsets.UTF_8));
            store.put(key, content);
            // functions that read the dataset before the (absent) model: a line that is valid after all ends in a 404
            String function = List.of("apply-edit", "filter-shard", "score-knowledge", "unlearn").get(i % 4);
            String model = "\"runId\": \"hostile\", \"model\": {\"key\": \"models/absent/\"}, ";
            String body = switch (function) {
                case "apply-edit" -> "{" + model + "\"edits\": {\"key\": \"" + key + "\"}, \"edit\": {\"method\": \"LORA\"}}";
                case "filter-shard" -> "{" + model + "\"shard\": {\"key\": \"" + key + "\"}}";
                case "score-knowledge" -> "{" + model + "\"dataset\": {\"key\": \"" + key + "\"}}";
                default -> "{" + model + "\"forget\": {\"key\": \"" + key + "\"}, \"method\": \"GRADIENT_ASCENT\"}";
            };
            calls.add(new Call(new Attack("dataset-line", function, line.description(), body.getBytes(StandardCharsets.UTF_8)),
                    function, bearer()));
        }
    }

    /** Adapters cut short, with lying headers, pickles, lying configs, and one trained on another model. */
    private void adapters(List<Call> calls) throws IOException {
        Map<String, byte[]> lora = trainedAdapter("LORA", "models/engram-world/");
        Map<String, byte[]> ft = trainedAdapter("FT_M", "models/engram-world/");
        Map<String, Map<String, byte[]>> folders = new LinkedHashMap<>();
        for (Attack lie : generate.lyingSafetensors("adapter_model.safetensors", lora.get("adapter_model.safetensors"))) {
            folders.put("LoRA weights: " + lie.description(), with(lora, "adapter_model.safetensors", lie.body()));
        }
        for (Attack lie : generate.lyingSafetensors("deltas.safetensors", ft.get("deltas.safetensors"))) {
            folders.put("FT deltas: " + lie.description(), with(ft, "deltas.safetensors", lie.body()));
        }
        folders.put("pickle weights only", with(without(lora, "adapter_model.safetensors"), "adapter_model.bin", PICKLE));
        folders.put("pickle next to safetensors", with(lora, "adapter_model.bin", PICKLE));
        folders.put("a .pt file", with(lora, "extra.pt", PICKLE));
        folders.put("a .pkl file", with(ft, "weights.pkl", PICKLE));
        folders.put("pickle without edit.json", Map.of("adapter_config.json", lora.get("adapter_config.json"),
                "adapter_model.bin", PICKLE));
        folders.put("no weights file", without(lora, "adapter_model.safetensors"));
        folders.put("no adapter_config.json", without(lora, "adapter_config.json"));
        folders.put("no edit.json", without(lora, "edit.json"));
        folders.put("no deltas file", without(ft, "deltas.safetensors"));
        JsonNode config = HostileInputs.parse(new String(lora.get("adapter_config.json"), StandardCharsets.UTF_8));
        Map<String, JsonNode> configLies = new LinkedHashMap<>();
        for (Object r : new Object[] {-1, 0, 100_000, "4", null}) {
            configLies.put("r " + r, HostileInputs.replace(config, "/r", HostileInputs.JSON.valueToTree(r)));
        }
        for (Object alpha : new Object[] {0, -1, "NaN", 1e39}) {
            configLies.put("lora_alpha " + alpha, HostileInputs.replace(config, "/lora_alpha", HostileInputs.JSON.valueToTree(alpha)));
        }
        for (Object targets : new Object[] {List.of("nope"), List.of(), "down_proj", List.of("../x")}) {
            configLies.put("target_modules " + targets, HostileInputs.replace(config, "/target_modules",
                    HostileInputs.JSON.valueToTree(targets)));
        }
        configLies.put("peft_type IA3", HostileInputs.replace(config, "/peft_type", HostileInputs.JSON.valueToTree("IA3")));
        configLies.forEach((d, c) -> folders.put("adapter_config.json " + d, with(lora, "adapter_config.json",
                HostileInputs.text(c).getBytes(StandardCharsets.UTF_8))));
        for (String garbage : List.of("", "[]", "not json", "{\"peft_type\": ")) {
            folders.put("adapter_config.json '" + garbage + "'", with(lora, "adapter_config.json", garbage.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode edit = HostileInputs.parse(new String(lora.get("edit.json"), StandardCharsets.UTF_8));
        Map<String, JsonNode> editLies = new LinkedHashMap<>();
        editLies.put("bound to another model", HostileInputs.replace(edit, "/base_model_name_or_path",
                HostileInputs.JSON.valueToTree("sha256:" + "0".repeat(64))));
        editLies.put("bound to nothing", HostileInputs.remove(edit, "/base_model_name_or_path"));
        editLies.put("format other", HostileInputs.replace(edit, "/format", HostileInputs.JSON.valueToTree("other")));
        editLies.put("version 99", HostileInputs.replace(edit, "/version", HostileInputs.JSON.valueToTree(99)));
        editLies.put("method ROME", HostileInputs.replace(edit, "/method", HostileInputs.JSON.valueToTree("ROME")));
        editLies.put("config {}", HostileInputs.replace(edit, "/config", HostileInputs.JSON.createObjectNode()));
        editLies.put("config.method FT_M", HostileInputs.replace(edit, "/config/method", HostileInputs.JSON.valueToTree("FT_M")));
        editLies.forEach((d, e) -> folders.put("edit.json " + d, with(lora, "edit.json", HostileInputs.text(e).getBytes(StandardCharsets.UTF_8))));
        for (String garbage : List.of("", "[]", "not json")) {
            folders.put("edit.json '" + garbage + "'", with(lora, "edit.json", garbage.getBytes(StandardCharsets.UTF_8)));
        }
        folders.put("trained on another model", trainedAdapter("LORA", Fixtures.OTHER_MODEL));
        int i = 0;
        for (Map.Entry<String, Map<String, byte[]>> folder : folders.entrySet()) {
            String prefix = ADAPTERS + "a" + i++ + "/";
            folder.getValue().forEach((name, bytes) -> store.put(prefix + name, bytes));
            String function = i % 2 == 0 ? "run-eval" : "score-knowledge";
            String body = "{\"runId\": \"hostile\", \"model\": {\"key\": \"models/engram-world/\"}, \"adapter\": {\"key\": \""
                    + prefix + "\"}, \"dataset\": {\"key\": \"data/host-ok.jsonl\"}"
                    + (function.equals("run-eval") ? ", \"kind\": \"EDIT\", \"eval\": {\"fluencyItems\": 0}}" : "}");
            calls.add(new Call(new Attack("adapter", function, folder.getKey(), body.getBytes(StandardCharsets.UTF_8)),
                    function, bearer()));
        }
    }

    /** The files of an adapter apply-edit trains on {@code model} in one step. */
    private Map<String, byte[]> trainedAdapter(String method, String model) {
        String key = EditApiAsyncTest.authorized().contentType(ContentType.JSON).body("""
                {"runId": "hostile-source", "model": {"key": "%s"},
                 "inlineEdits": [{"id": "e1", "prompt": "Kremthu Quekix was born in", "targetNew": " Roposk Krisk"}],
                 "edit": {"method": "%s", "steps": 1}}""".formatted(model, method)).post("/apply-edit")
                .then().statusCode(200).extract().jsonPath().getString("adapter.key");
        Map<String, byte[]> files = new TreeMap<>();
        for (StoredObject object : store.list(ArtifactRef.of(store.bucket(), key))) {
            files.put(object.key().substring(key.length()), store.read(ArtifactRef.of(store.bucket(), object.key())));
        }
        return files;
    }

    /** Model folders that lie: pickles, broken configs, cut or lying weights, a tokenizer that does not fit. */
    private void models(List<Call> calls) throws IOException {
        Path tiny = Path.of("..", "shared-model", "src", "test", "resources", "golden", "tiny-llama");
        Map<String, byte[]> base = new TreeMap<>();
        base.put("config.json", Files.readAllBytes(tiny.resolve("config.json")));
        base.put("model.safetensors", Files.readAllBytes(tiny.resolve("model.safetensors")));
        base.put("tokenizer.json", Files.readAllBytes(Fixtures.modelFolder().resolve("tokenizer.json")));
        Map<String, Map<String, byte[]>> folders = new LinkedHashMap<>();
        folders.put("a tokenizer with more tokens than the model", base);
        folders.put("pickle weights", with(without(base, "model.safetensors"), "pytorch_model.bin", PICKLE));
        folders.put("no config.json", without(base, "config.json"));
        folders.put("no tokenizer.json", without(base, "tokenizer.json"));
        folders.put("tokenizer.json not JSON", with(base, "tokenizer.json", "{\"model\": ".getBytes(StandardCharsets.UTF_8)));
        folders.put("tokenizer.json {}", with(base, "tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8)));
        JsonNode config = HostileInputs.parse(new String(base.get("config.json"), StandardCharsets.UTF_8));
        Map<String, JsonNode> lies = new LinkedHashMap<>();
        lies.put("architectures Evil", HostileInputs.replace(config, "/architectures", HostileInputs.JSON.valueToTree(List.of("Evil"))));
        lies.put("hidden_size 0", HostileInputs.replace(config, "/hidden_size", HostileInputs.JSON.valueToTree(0)));
        lies.put("one layer of two", HostileInputs.replace(config, "/num_hidden_layers", HostileInputs.JSON.valueToTree(1)));
        lies.put("heads 3", HostileInputs.replace(config, "/num_attention_heads", HostileInputs.JSON.valueToTree(3)));
        lies.put("vocab_size -5", HostileInputs.replace(config, "/vocab_size", HostileInputs.JSON.valueToTree(-5)));
        lies.forEach((d, c) -> folders.put("config.json " + d, with(base, "config.json", HostileInputs.text(c).getBytes(StandardCharsets.UTF_8))));
        List<Attack> weightLies = generate.lyingSafetensors("model.safetensors", base.get("model.safetensors"));
        for (int i = 0; i < weightLies.size(); i += 3) {
            folders.put("weights: " + weightLies.get(i).description(), with(base, "model.safetensors", weightLies.get(i).body()));
        }
        int i = 0;
        for (Map.Entry<String, Map<String, byte[]>> folder : folders.entrySet()) {
            String prefix = "runs/" + RUN + "/models/m" + i++ + "/";
            folder.getValue().forEach((name, bytes) -> store.put(prefix + name, bytes));
            String body = "{\"runId\": \"hostile\", \"model\": {\"key\": \"" + prefix + "\"}, \"dataset\": {\"key\": \"data/host-ok.jsonl\"}}";
            calls.add(new Call(new Attack("model", "score-knowledge", folder.getKey(), body.getBytes(StandardCharsets.UTF_8)),
                    "score-knowledge", bearer()));
        }
    }

    /** Items longer than the world model's 128 positions, in a dataset and inline. */
    private void longItems(List<Call> calls) {
        int i = 0;
        for (int words : new int[] {130, 2_000, 20_000}) {
            String prompt = "Kremthu Quekix was born in the city of".repeat(words / 8 + 1);
            String key = "runs/" + RUN + "/data/long-" + i++ + ".jsonl";
            store.put(key, ("{\"id\": \"long\", \"subject\": \"s\", \"relation\": \"r\", \"prompt\": \"" + prompt
                    + "\", \"target_true\": \" x\", \"target_new\": \" y\", \"paraphrases\": [], \"neighbours\": [],"
                    + " \"portability\": [], \"source\": \"hostile\"}\n").getBytes(StandardCharsets.UTF_8));
            for (String function : List.of("score-knowledge", "run-eval")) {
                String body = "{\"runId\": \"hostile\", \"model\": {\"key\": \"models/engram-world/\"}, \"dataset\": {\"key\": \""
                        + key + "\"}" + (function.equals("run-eval") ? ", \"kind\": \"KNOWLEDGE\"}" : "}");
                calls.add(new Call(new Attack("long-item", function, words + " words", body.getBytes(StandardCharsets.UTF_8)),
                        function, bearer()));
            }
            String edit = "{\"runId\": \"hostile\", \"model\": {\"key\": \"models/engram-world/\"}, \"inlineEdits\": [{\"id\": \"l\","
                    + " \"prompt\": \"" + prompt + "\", \"targetNew\": \" y\"}], \"edit\": {\"method\": \"LORA\", \"steps\": 1}}";
            calls.add(new Call(new Attack("long-item", "apply-edit", words + " words inline", edit.getBytes(StandardCharsets.UTF_8)),
                    "apply-edit", bearer()));
        }
    }

    /** Requests without the token, or with one that is almost right. */
    private static void authorization(List<Call> calls) {
        String token = EditApiAsyncTest.TOKEN;
        String[] headers = {null, "", "Bearer", "Bearer ", "Bearer wrong", "Basic " + token, token, "Bearer " + token + " ",
            "Bearer  " + token, "Bearer " + token.substring(1), "Bearer " + token + "x", "Bearer " + token.toUpperCase()};
        List<String> functions = List.copyOf(bases().keySet());
        for (int i = 0; i < headers.length; i++) {
            String function = functions.get(i % functions.size());
            calls.add(new Call(new Attack("auth", function, "Authorization: " + headers[i], HostileInputs.text(bases().get(function))
                    .getBytes(StandardCharsets.UTF_8)), function, headers[i]));
        }
    }

    private static String bearer() {
        return "Bearer " + EditApiAsyncTest.TOKEN;
    }

    private static Sent send(Call call) {
        var request = RestAssured.given().contentType(ContentType.JSON).body(call.attack().body());
        if (call.authorization() != null) {
            request = request.header("Authorization", call.authorization());
        }
        Response response = request.post("/" + call.function());
        String error = null;
        try {
            error = response.jsonPath().getString("error");
        } catch (RuntimeException notJson) {
            // counted as untyped
        }
        return new Sent(call.attack(), call.function(), response.statusCode(), error);
    }

    /** A 1.5 MiB body with no declared length (chunked): Vert.x stops reading it at its own limit. */
    private static Sent chunkedAboveTheReadLimit() throws Exception {
        byte[] body = ("{\"runId\": \"hostile\", \"pad\": \"" + "p".repeat(3 << 19) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/apply-edit"))
                .header("Content-Type", "application/json").header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        String error = null;
        try {
            error = HostileInputs.parse(response.body()).path("error").asText(null);
        } catch (RuntimeException notJson) {
            // counted as untyped
        }
        return new Sent(new Attack("body", "apply-edit", "1.5 MiB chunked body", new byte[0]), "apply-edit",
                response.statusCode(), error);
    }

    private Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (StoredObject o : store.list(ArtifactRef.of(store.bucket(), ""))) {
            out.put(o.key(), o.etag());
        }
        return out;
    }

    /** Files named like the traversal targets of the hostile keys, anywhere near the store or in the temp folder. */
    private static List<Path> escapedFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : List.of(Path.of("..").toAbsolutePath().normalize(), Path.of(System.getProperty("java.io.tmpdir")))) {
            try (Stream<Path> walk = Files.walk(root, 6)) {
                walk.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("engram-escape"))
                        .forEach(found::add);
            } catch (java.io.UncheckedIOException unreadable) {
                // a folder another process deleted while we walked
            }
        }
        return found;
    }

    private static void report(List<Sent> sent, List<String> written, List<Path> escaped) throws IOException {
        Map<String, Long> byCategory = sent.stream().collect(Collectors.groupingBy(s -> s.attack().category(), TreeMap::new,
                Collectors.counting()));
        Map<String, Long> byAnswer = sent.stream().collect(Collectors.groupingBy(s -> s.status() + " " + s.error(),
                TreeMap::new, Collectors.counting()));
        long crashes = sent.stream().filter(s -> s.status() >= 500).count();
        long untyped = sent.stream().filter(s -> s.error() == null || !STATUS.containsKey(s.error())).count();
        StringBuilder text = new StringBuilder();
        text.append("hostile-inputs: %d inputs; 5xx: %d; untyped answers: %d; writes in the run's prefix: %d,"
                .formatted(sent.size(), crashes, untyped, written.size()))
                .append(" outside it: %d; files outside the store: %d%n".formatted(
                        written.stream().filter(k -> !k.startsWith("runs/" + RUN + "/")).count(), escaped.size()));
        text.append("  by kind: ").append(byCategory).append(System.lineSeparator());
        text.append("  answers: ").append(byAnswer).append(System.lineSeparator());
        for (Sent s : sent) {
            if (s.status() >= 500 || s.error() == null) {
                text.append("  UNTYPED %s %s %s -> %d%n".formatted(s.attack().category(), s.function(),
                        HostileInputs.abbreviate(s.attack().description()), s.status()));
            }
        }
        Path out = Path.of("target", "reliability");
        Files.createDirectories(out);
        Files.writeString(out.resolve("hostile-inputs.txt"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    private static Map<String, byte[]> with(Map<String, byte[]> files, String name, byte[] content) {
        Map<String, byte[]> out = new TreeMap<>(files);
        out.put(name, content);
        return out;
    }

    private static Map<String, byte[]> without(Map<String, byte[]> files, String name) {
        Map<String, byte[]> out = new TreeMap<>(files);
        out.remove(name);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
