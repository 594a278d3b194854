package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Cost;
import engram.functions.api.PlanRunRequest;
import engram.functions.api.PlanRunRequest.GridConfig;
import engram.functions.api.PlanRunRequest.Workflow;
import engram.functions.api.PlanRunResult;
import engram.functions.api.PlanRunResult.Estimates;
import engram.functions.api.PlanRunResult.Planned;
import engram.functions.api.Requests;
import engram.functions.runtime.ArtifactNotFoundException;
import engram.functions.runtime.EngramConfig;
import engram.functions.runtime.Folders;
import engram.functions.runtime.InvalidDatasetException;
import engram.functions.storage.ArtifactStore;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.InvalidItemException;
import engram.knowledge.ItemReader;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    @Inject ArtifactStore store;

    @Funq("plan-run")
    public PlanRunResult planRun(JsonNode body) {
        PlanRunRequest request = Requests.read(body, PlanRunRequest.class).validate(config);
        List<Integer> perDataset = request.datasets() == null ? List.of(request.inlineItems()) : count(request.datasets());
        int items = perDataset.stream().mapToInt(Integer::intValue).sum();
        long edit = Cost.micros(Call.price(config, "apply-edit", items));
        long eval = Cost.micros(Call.price(config, "run-eval", items));
        if (request.workflow() != Workflow.BATCH_EXPERIMENT) {
            long shards = 0;
            if (request.workflow() == Workflow.TRAINING_RUN) {
                for (int n : perDataset) {
                    shards += Cost.micros(Call.price(config, "filter-shard", n)) + Cost.micros(Call.price(config, "score-knowledge", n));
                }
            }
            return new PlanRunResult(request.capMicros(), items, new Estimates(shards, edit, eval), null, null, null);
        }
        List<Planned> selected = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long reserved = 0;
        for (GridConfig config : request.grid()) {
            if (reserved + edit + eval <= request.capMicros()) {
                reserved += edit + eval;
                selected.add(new Planned(config.name(), request.runId() + "." + config.name(), config.edit(), edit, eval));
            } else {
                skipped.add(config.name());
            }
        }
        return new PlanRunResult(request.capMicros(), items, null, reserved, selected, skipped);
    }

    /** Items per dataset, each read through its format's reader (so a malformed dataset fails here, early). */
    private List<Integer> count(List<ArtifactRef> datasets) {
        List<Integer> counts = new ArrayList<>();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("engram-plan-run-");
            for (int i = 0; i < datasets.size(); i++) {
                String field = "datasets[" + i + "]";
                ArtifactRef ref = datasets.get(i);
                store.stat(ref).orElseThrow(() -> new ArtifactNotFoundException(field, ref.uri()));
                Path file = scratch.resolve(i + ".data");
                store.download(ref, file);
                int n = 0;
                try (ItemReader reader = Datasets.open(file, Format.ENGRAM_JSONL)) {
                    while (reader.hasNext()) {
                        reader.next();
                        n++;
                    }
                } catch (InvalidItemException e) {
                    throw new InvalidDatasetException(field, e.where().replace(file.toString(), ref.uri()),
                            e.getMessage().replace(file.toString(), ref.uri()), e);
                }
                counts.add(n);
            }
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException("plan-run could not read its datasets", e);
        } finally {
            Folders.deleteTree(scratch);
        }
    }
}
