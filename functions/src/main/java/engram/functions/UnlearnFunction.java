package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.api.UnlearnRequest;
import engram.functions.api.UnlearnResult;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.functions.errors.LossDivergedException;
import engram.functions.runtime.ModelCache;
import engram.functions.storage.ArtifactStore;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.unlearn.UnlearnConfig;
import engram.knowledge.unlearn.Unlearner;
import engram.knowledge.unlearn.Unlearning;
import engram.knowledge.unlearn.UnlearningRequest;
import engram.train.Trainer;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code unlearn}: remove knowledge with UNLEARN or a baseline, and store the change as an edit folder. */
public class UnlearnFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;
    @Inject ArtifactStore store;

    /** Trains, saves the weight change bound to its model, and leaves the cached model exactly as it was. */
    @Funq("unlearn")
    public UnlearnResult unlearn(JsonNode body) {
        Valid<UnlearnRequest, UnlearnConfig> valid = Requests.read(body, UnlearnRequest.class).validate(config);
        UnlearnRequest request = valid.request();
        UnlearnConfig settings = valid.settings();
        return operations.run("unlearn", request.runId(), request, UnlearnResult.class, call -> {
            List<KnowledgeItem> forget = call.items("forget", request.forget(), request.format());
            List<KnowledgeItem> retain = request.retain() == null ? List.of()
                    : call.items("retain", request.retain(), request.format());
            List<String> refusals = request.refusals() == null ? List.of()
                    : Refusals.read(store, config, call, request.refusals());
            call.charge(forget.size() + retain.size(), request.budgetUsd());
            var work = new UnlearningRequest(request.method(), forget, retain, refusals, settings);
            Path folder = call.scratch("adapter");
            // the training lock before the lease: a training waits for another without holding the model
            Unlearned unlearned = Trainer.exclusively(() -> {
                try (ModelCache.Lease lease = models.exclusive("model", request.model());
                     Unlearning change = start(lease, work)) {
                    change.bindTo("sha256:" + lease.sha256());
                    change.save(folder);
                    return new Unlearned(lease.sha256(), UnlearningReport.of(change, forget, retain.size()));
                }                                           // closing takes the change out: the cached model is exact
            });
            String modelHash = unlearned.modelHash();
            UnlearningReport done = unlearned.report();
            ArtifactRef adapter = call.outputs().uploadFolder("adapter", folder);
            ArtifactRef report = call.outputs().put("unlearning.json",
                    Requests.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(done));
            return call.commit(modelHash, adapter.sha256(), Map.of("unlearn", settings.seed()), new UnlearnResult(
                    adapter, report, call.outputs().manifest(), request.method().name(), forget.size(), retain.size(),
                    done.steps(), Lines.finite(done.finalLoss()), done.weights().size(), done.subspaces(), call.cost()));
        });
    }

    /** What the locked part hands back. */
    private record Unlearned(String modelHash, UnlearningReport report) {}

    /** Runs the unlearning, its failures named in the workflow's vocabulary; the model is unchanged when it throws. */
    private static Unlearning start(ModelCache.Lease lease, UnlearningRequest work) {
        try {
            return Unlearner.run(lease.model(), lease.tokenizer(), work, step -> { });
        } catch (engram.train.TrainingDivergedException e) {
            throw new LossDivergedException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {          // the request does not fit the model, e.g. targets match no module
            throw new InvalidRequestException("config", null, e.getMessage());
        }
    }
}
