package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ApplyEditRequest;
import engram.functions.api.ApplyEditResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidDatasetException;
import engram.functions.errors.LossDivergedException;
import engram.functions.runtime.ModelCache;
import engram.functions.storage.StoredCheckpoints;
import engram.knowledge.EngramJsonl;
import engram.knowledge.Format;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.ReplayMix;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.editor.KnowledgeEditor;
import engram.train.Trainer;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code apply-edit}: train one edit and store it as an edit folder bound to its base model. The training
 * snapshots itself to the store every {@code engram.training.checkpoint-every} steps, so the same request run again
 * after a crash resumes and ends with the same edit folder; the snapshots are deleted before the manifest is written.
 */
public class ApplyEditFunction {
    private static final Logger LOG = Logger.getLogger(ApplyEditFunction.class);
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Trains, saves the edit (PEFT files for LoRA methods), and leaves the cached model exactly as it was. */
    @Funq("apply-edit")
    public ApplyEditResult applyEdit(JsonNode body) {
        Valid<ApplyEditRequest, EditConfig> valid = Requests.read(body, ApplyEditRequest.class).validate(config);
        ApplyEditRequest request = valid.request();
        EditConfig edit = valid.settings();
        return operations.run("apply-edit", request.runId(), request, ApplyEditResult.class, call -> {
            List<KnowledgeItem> items = request.edits() == null ? request.inlineItems()
                    : call.items("edits", request.edits(), request.format());
            for (KnowledgeItem item : items) {
                if (!item.isEdit()) {
                    throw new InvalidDatasetException("edits", item.id(), "item '" + item.id() + "' has no target_new", null);
                }
            }
            List<KnowledgeItem> replay = request.replay() == null ? List.of()
                    : call.items("replay", request.replay(), Format.ENGRAM_JSONL);
            int replayed = ReplayMix.replayCount(items.size(), request.replayRatioOrZero());
            call.charge(items.size() + replayed, request.budgetUsd());
            Path folder = call.scratch("adapter");
            // the training lock before the lease: a training waits for another without holding the model
            Trained trained = Trainer.exclusively(() -> {
                try (ModelCache.Lease lease = models.exclusive("model", request.model())) {
                    String modelHash = lease.sha256();
                    StoredCheckpoints checkpoints = call.checkpoints(StoredCheckpoints.binding(modelHash, edit,
                            trainingLines(items, replay, request.replayRatioOrZero())), config.training().checkpointEvery());
                    try (Edit done = KnowledgeEditor.edit(lease.model(), lease.tokenizer(), items, replay,
                            request.replayRatioOrZero(), edit, step -> LOG.debugf("%s step %d/%d loss %.5f",
                                    call.outputs().prefix(), step.step(), step.totalSteps(), step.loss()), checkpoints)) {
                        done.bindTo("sha256:" + modelHash);
                        done.save(folder);
                        return new Trained(modelHash, checkpoints, done.training());
                    }                                   // closing takes the edit out: the cached model is exact
                } catch (engram.train.TrainingDivergedException e) {
                    throw new LossDivergedException(e.getMessage(), e);
                }
            });
            String modelHash = trained.modelHash();
            StoredCheckpoints checkpoints = trained.checkpoints();
            Edit.Training training = trained.training();
            ArtifactRef adapter = call.outputs().uploadFolder("adapter", folder);
            // what was learned, as a dataset the next step (a quick run-eval) can read: inline edits are written out
            ArtifactRef learned = request.edits() != null ? request.edits()
                    : call.putLines("edits.jsonl", items.stream().map(EngramJsonl::line).toList());
            String inference = edit.method() == EditMethod.TAIA ? "TAIA" : "TUNED";
            ArtifactRef report = call.outputs().put("training.json", Requests.json().writeValueAsBytes(Map.of(
                    "method", edit.method().name(), "steps", training.steps(),
                    "finalLoss", String.valueOf(training.finalLoss()), "resumedFromStep", training.resumedFrom(),
                    "replayed", replayed,
                    "items", items.stream().map(KnowledgeItem::id).toList())));
            checkpoints.clear();
            return call.commit(modelHash, adapter.sha256(), Map.of("edit", edit.seed()), new ApplyEditResult(adapter,
                    learned, report, call.outputs().manifest(), edit.method().name(), inference, items.size(),
                    training.steps(), Lines.finite(training.finalLoss()), call.cost()));
        });
    }

    /** What the locked part hands back. */
    private record Trained(String modelHash, StoredCheckpoints checkpoints, Edit.Training training) {}

    /** What the training reads, for the checkpoint binding: the edits, then the replay when it is mixed in. */
    private static List<String> trainingLines(List<KnowledgeItem> items, List<KnowledgeItem> replay, double ratio) {
        List<String> lines = new java.util.ArrayList<>(items.stream().map(EngramJsonl::line).toList());
        if (ratio > 0) {
            lines.add("replay ratio " + ratio);
            replay.stream().map(EngramJsonl::line).forEach(lines::add);
        }
        return lines;
    }
}
