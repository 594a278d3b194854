package engram.functions;

import engram.functions.api.ArtifactRef;
import engram.functions.api.Cost;
import engram.functions.api.Money;
import engram.functions.api.Requests;
import engram.functions.config.EngramConfig;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.BudgetExceededException;
import engram.functions.errors.InvalidDatasetException;
import engram.functions.errors.LimitExceededException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.RunOutputs;
import engram.functions.storage.StoredCheckpoints;
import engram.functions.storage.StoredObject;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.InvalidItemException;
import engram.knowledge.ItemReader;
import engram.knowledge.KnowledgeItem;
import engram.report.Manifest;
import engram.report.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** One invocation's context: its outputs, its scratch folder and the deployment's limits and prices. */
public final class Call {
    private final String operation;
    private final String runId;
    private final Object request;
    private final RunOutputs outputs;
    private final Path scratch;
    private final ArtifactStore store;
    private final EngramConfig config;
    private final long startNanos = System.nanoTime();
    private double pricedUsd;

    Call(String operation, String runId, Object request, RunOutputs outputs, Path scratch, ArtifactStore store,
         EngramConfig config) {
        this.operation = operation;
        this.runId = runId;
        this.request = request;
        this.outputs = outputs;
        this.scratch = scratch;
        this.store = store;
        this.config = config;
    }

    /** Where this request's outputs go. */
    public RunOutputs outputs() {
        return outputs;
    }

    /** A path inside this call's scratch folder, deleted when the call ends. */
    public Path scratch(String name) {
        return scratch.resolve(name);
    }

    /**
     * Reads a whole dataset object as validated items, within the deployment's limits.
     *
     * @param field names the reference in errors
     * @throws ArtifactNotFoundException when the object does not exist
     * @throws LimitExceededException    when it is larger than {@code engram.limits.max-dataset-bytes} or holds
     *                                   more than {@code engram.limits.max-items} items
     * @throws InvalidDatasetException   naming the object, line and field of the first bad record, or when the
     *                                   dataset is empty
     */
    public List<KnowledgeItem> items(String field, ArtifactRef ref, Format format) {
        Path file = fetch(field, ref, ".data");
        int max = config.limits().maxItems();
        List<KnowledgeItem> items = new ArrayList<>();
        try (ItemReader reader = Datasets.open(file, format)) {
            while (reader.hasNext()) {
                if (items.size() == max) {
                    throw new LimitExceededException(field, "more than " + max + " items", max);
                }
                items.add(reader.next());
            }
        } catch (InvalidItemException e) {
            String where = e.where().replace(file.toString(), ref.uri())
                    + (e.field() == null ? "" : " field " + e.field());
            throw new InvalidDatasetException(field, where, e.getMessage().replace(file.toString(), ref.uri()), e);
        }
        if (items.isEmpty()) {
            throw new InvalidDatasetException(field, ref.uri(), "the dataset has no items", null);
        }
        return items;
    }

    /**
     * Reads a whole text object (one record per line), within the deployment's dataset size limit.
     *
     * @param field names the reference in errors
     * @throws ArtifactNotFoundException when the object does not exist
     * @throws LimitExceededException    when it is larger than {@code engram.limits.max-dataset-bytes}
     */
    public List<String> lines(String field, ArtifactRef ref) throws IOException {
        return Files.readAllLines(fetch(field, ref, ".lines"));
    }

    /** Downloads one object into the scratch folder, after checking it exists and is within the size limit. */
    private Path fetch(String field, ArtifactRef ref, String suffix) {
        StoredObject object = store.stat(ref).orElseThrow(() -> new ArtifactNotFoundException(field, ref.uri()));
        if (object.size() > config.limits().maxDatasetBytes()) {
            throw new LimitExceededException(field, object.size() + " bytes", config.limits().maxDatasetBytes());
        }
        Path file = scratch(field.replaceAll("[^A-Za-z0-9_-]", "_") + suffix);
        store.download(ref, file);
        return file;
    }

    /**
     * Refuses the work when its price is above the request's budget.
     *
     * @param items     dataset items the call will process
     * @param budgetUsd what the run has left; null means no cap
     * @throws BudgetExceededException when {@code perCall + perItem * items > budgetUsd}
     */
    public void charge(int items, Double budgetUsd) {
        double estimate = price(config, operation, items);
        if (budgetUsd != null && estimate > budgetUsd) {
            throw new BudgetExceededException(operation, estimate, budgetUsd);
        }
        pricedUsd = estimate;
    }

    /** The price table's cost of one call of {@code operation} over {@code items} items; 0 when not priced. */
    public static double price(EngramConfig config, String operation, long items) {
        EngramConfig.Price price = config.prices().get(operation);
        return price == null ? 0 : price.perCall() + price.perItem() * items;
    }

    /** What this call costs: its price (set by {@link #charge}) and the seconds it has run so far. */
    public Cost cost() {
        return new Cost(pricedUsd, Money.chargeMicros(pricedUsd), (System.nanoTime() - startNanos) / 1e9,
                config.cost().resourceClass());
    }

    /**
     * Writes the manifest, which completes the result, and returns the result.
     *
     * @param modelHash   SHA-256 of the model folder used
     * @param editHash    SHA-256 of the edit folder used or produced, or null
     * @param seeds       every seed used, by purpose
     */
    public <R> R commit(String modelHash, String editHash, Map<String, Long> seeds, R result) {
        return outputs.commit(manifest(modelHash, editHash, seeds), result);
    }

    /** The manifest a report embeds: the same as {@link #commit} writes. */
    public Manifest manifest(String modelHash, String editHash, Map<String, Long> seeds) {
        return new Manifest(operation, runId, modelHash, editHash, new TreeMap<>(Requests.parameters(request)),
                new TreeMap<>(seeds), Versions.detect());
    }

    /**
     * This request's training snapshots in the store ({@link StoredCheckpoints}).
     *
     * @param binding what the training trains on, as a digest
     * @param every   optimiser steps between snapshots
     */
    public StoredCheckpoints checkpoints(String binding, int every) {
        return new StoredCheckpoints(outputs, binding, scratch("checkpoint"), every);
    }

    /** Writes lines of text to a scratch file and uploads it as {@code name}. */
    public ArtifactRef putLines(String name, List<String> lines) throws IOException {
        Path file = scratch(name);
        Files.write(file, lines);
        return outputs.upload(name, file);
    }
}
