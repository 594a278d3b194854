package engram.knowledge.editor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.change.WeightChange;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.lora.StackedLora;
import engram.model.CausalLm;
import engram.model.Dense;
import engram.model.Projection;
import engram.model.Scalars;
import engram.report.Hashes;
import engram.tokenizer.Tokenizer;
import engram.train.StepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The history of a model's edits, and the owner of its edited state. Every applied edit is saved under
 * {@code <folder>/edits/<id>/} and recorded as one JSON line of {@code <folder>/ledger.jsonl} (id, method,
 * parameters, the saved folder's SHA-256, parent entry, item ids); rollbacks are recorded too.
 *
 * <p>Exact rollback by construction: the ledger keeps a bit-exact copy of every weight any edit touched, as it
 * was when the ledger opened, and the model's state is always <em>rebuilt</em> from those copies: restore the
 * copies, then for each active entry in order add its {@code ΔW} into the weights (FT, and LoRA in
 * {@link Mode#MERGED} mode) or put its adapter on the module's stack ({@link Mode#STACKED}). The same list of
 * entries therefore always yields the same bits, and rolling back to an entry restores bit-identical logits;
 * no float is ever subtracted.
 *
 * <p>While the ledger is open it owns the model's linear maps and the touched weights; closing it frees the
 * edits and puts the model back as it was when the ledger opened. A ledger is not thread-safe; training
 * itself is serialised process-wide by {@link KnowledgeEditor}. Batches in sequence with a regression gate:
 * {@link SequentialEditor}.
 */
public final class EditLedger implements AutoCloseable {
    /** The journal's file name. */
    public static final String JOURNAL = "ledger.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a sequential edit joins the model. */
    public enum Mode {
        /** Kept separate: an FT delta is added, a LoRA adapter computes its own branch next to the others. */
        STACKED,
        /** Folded into the weights ({@code W ← W + ΔW}, {@code ΔW = s·B A} for LoRA). */
        MERGED
    }

    /** What an entry records. */
    public enum Action {
        /** An edit was applied. */
        APPLY,
        /** Every entry after {@code parentId} was taken out. */
        ROLLBACK
    }

    /**
     * One line of the journal.
     *
     * @param id       {@code e0001}, {@code e0002}, ... for edits, {@code r0003}, ... for rollbacks
     * @param action   what happened
"     * @param parentId APPLY: the entry the edit was trained on top of; ROLLBACK: the entry rolled back to;
     *                 null for the base model
     * @param method   the change's method ({@code LORA}, {@code UNLEARN}, ...; null for a rollback)
     * @param mode     how the change joined (null for a rollback)
     * @param config   an edit's hyper-parameters (null for a rollback, and for a change that is not an edit)
     * @param hash     SHA-256 of the saved edit folder (null for a rollback)
     * @param itemIds  the edited items (empty for a rollback)
     * @param note     why, for rollbacks (e.g. the regression gate's figures); may be null
     */
    public record Entry(String id, Action action, String parentId, String method, Mode mode, EditConfig config, String hash,
                        List<String> itemIds, String note) {
        /** Copies the ids; never throws. */
        public Entry {
            itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
        }
    }

    private record Active(Entry entry, WeightChange change) {}

    private final CausalLm model;
    private final Path folder;
    private final NDManager manager;
    private final Scalars scalars;
    private final Map<String, Dense> denses = new LinkedHashMap<>();
    private final Map<String, NDArray> base = new LinkedHashMap<>();
    private final List<Active> active = new ArrayList<>();
    private final List<Entry> journal = new ArrayList<>();
    private int counter;

    private EditLedger(CausalLm model, Path folder) {
        this.model = model;
        this.folder = folder;
        this.manager = model.manager().newSubManager();
        this.scalars = new Scalars(manager);
    }

    /**
     * Starts a ledger over {@code model} in its current state (the "base" of every rollback), writing into
     * {@code folder}.
     *
     * @throws IllegalArgumentException when a linear map already carries an adapter, or the folder has a journal
     */
    public static EditLedger open(CausalLm model, Path folder) {
        if (Files.exists(folder.resolve(JOURNAL))) {
            throw new IllegalArgumentException(folder.resolve(JOURNAL) + " exists already; use a fresh folder");
        }
        EditLedger ledger = new EditLedger(model, folder);
        for (Map.Entry<String, Projection> e : model.projections().entrySet()) {
            if (!(e.getValue() instanceof Dense dense)) {
                ledger.manager.close();
                throw new IllegalArgumentException("module '" + e.getKey() + "' carries an adapter; open the ledger "
                        + "on a plain model");
            }
            ledger.denses.put(e.getKey(), dense);
        }
        return ledger;
    }

    /**
     * Opens a new ledger in {@code to} over {@code model} and re-applies the entries in effect at the end of the
     * journal in {@code from}, loading their saved folders. On the model the original ledger started from, the
     * result has the same bits as the original ledger's final state.
     *
     * @throws IllegalArgumentException when a saved edit's SHA-256 differs from its journal entry
     */
    public static EditLedger replay(CausalLm model, Path from, Path to) {
        List<Entry> inEffect = new ArrayList<>();
        for (Entry e : read(from.resolve(JOURNAL))) {
            if (e.action() == Action.APPLY) {
                inEffect.add(e);
            } else {
                while (!inEffect.isEmpty() && !inEffect.get(inEffect.size() - 1).id().equals(e.parentId())) {
                    inEffect.remove(inEffect.size() - 1);
                }
            }
        }
        EditLedger ledger = open(model, to);
        try {
            for (Entry e : inEffect) {
                Path saved = from.resolve("edits").resolve(e.id());
                String hash = Hashes.sha256(saved);
                if (!hash.equals(e.hash())) {
                    throw new IllegalArgumentException(saved + " has SHA-256 " + hash + " but the journal recorded "
                            + e.hash());
                }
                ledger.add(e.config() != null ? KnowledgeEditor.load(model, saved) : WeightChange.load(model, saved), e.mode());
            }
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** The journal file. */
    public Path journalFile() {
        return folder.resolve(JOURNAL);
    }

    /** Every entry so far, rollbacks included, in order. */
    public List<Entry> entries() {
        return List.copyOf(journal);
    }

    /** The APPLY entries now in effect, oldest first. */
    public List<Entry> active() {
        return active.stream().map(Active::entry).toList();
    }

    /** The model the ledger edits. */
    /** The model whose edited state the ledger owns. */
    public CausalLm model() {
        return model;
    }

    /** The latest entry in effect, or null at the base. */
    public Entry head() {
        return active.isEmpty() ? null : active.get(active.size() - 1).entry();
    }

    /**
     * Trains an edit of {@code items} on the model as it is now and records it.
     * Stacked LoRA adapters are folded into the weights while the new one trains (a LoRA adapter wraps a
     * plain projection), so the new edit sees the same function up to float rounding.
     */
    public Entry edit(Tokenizer tokenizer, List<KnowledgeItem> items, EditConfig config, Mode mode,
                      Consumer<StepReport> progress) {
        rebuild(true);
        Edit edit;
        try {
            edit = KnowledgeEditor.edit(model, tokenizer, items, config, progress);
        } catch (RuntimeException e) {
            rebuild(false);
            throw e;
        }
        return add(edit, mode);
    }

    /**
     * Records {@code change} (an edit, an unlearning, a loaded adapter), made on the model in its current state, and
     * takes ownership of it.
     *
     * @throws IllegalArgumentException when the change belongs to another model
     */
    public Entry add(WeightChange change, Mode mode) {
        if (change.model() != model) {
            throw new IllegalArgumentException("the change was made on another model");
        }
        change.handOverToLedger();
        for (String name : change.weightNames()) {
            // a weight no earlier change touched still has its base value once the new one is taken out
            base.computeIfAbsent(name, n -> WeightChange.copyOf(model.parameters().get(n), manager));
        }
        String id = String.format("e%04d", ++counter);
        String hash = change.save(folder.resolve("edits").resolve(id));
        EditConfig config = change instanceof Edit edit ? edit.config() : null;
        Entry entry = new Entry(id, Action.APPLY, head() == null ? null : head().id(), change.description().method(),
                mode, config, hash, change.itemIds(), null);
        active.add(new Active(entry, change));
        append(entry);
        rebuild(false);
        return entry;
    }

    /**
     * Takes out every edit after {@code entryId} (null: all of them) and frees them; the model gets back the
     * bits it had right after that entry.
     *
     * @throws IllegalArgumentException when {@code entryId} is not an active entry
     */
    public Entry rollbackTo(String entryId, String note) {
        int keep = 0;
        if (entryId != null) {
            keep = -1;
            for (int i = 0; i < active.size(); i++) {
                if (active.get(i).entry().id().equals(entryId)) {
                    keep = i + 1;
                }
            }
            if (keep < 0) {
                throw new IllegalArgumentException("'" + entryId + "' is not an active entry; active: " + active());
            }
        }
        while (active.size() > keep) {
            active.remove(active.size() - 1).change().close();
        }
        Entry entry = new Entry(String.format("r%04d", ++counter), Action.ROLLBACK, entryId, null, null, null, null,
                null, note);
        append(entry);
        rebuild(false);
        return entry;
    }

    /**
     * Reads a journal written by a ledger.
     *
     * @throws UncheckedIOException when the file cannot be read or a line is not an entry
     */
    public static List<Entry> read(Path journalFile) {
        List<Entry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(journalFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(entry(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger " + journalFile, e);
        }
        return out;
    }

    /** Frees every edit and restores the model as it was when the ledger opened. */
    @Override
    public void close() {
        while (!active.isEmpty()) {
            active.remove(active.size() - 1).change().close();
        }
        rebuild(false);
        manager.close();
    }

    /** One journal line: the config is read by its method ({@link Editors#read}), the rest as written. */
    private static Entry entry(JsonNode line) throws IOException {
        ObjectNode rest = ((ObjectNode) line).deepCopy();
        JsonNode config = rest.remove("config");
        Entry entry = JSON.treeToValue(rest, Entry.class);
        return config == null || config.isNull() ? entry : new Entry(entry.id(), entry.action(), entry.parentId(),
                entry.method(), entry.mode(), Editors.read(config), entry.hash(), entry.itemIds(), entry.note());
    }

    private void append(Entry entry) {
        journal.add(entry);
        try {
            Files.createDirectories(folder);
            Files.writeString(journalFile(), JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + journalFile(), e);
        }
    }

    /**
     * Recomputes the model from the base copies and the active entries. {@code training} folds stacked LoRA
     * edits into the weights too, so that every module is a plain projection a new adapter can wrap.
     */
    private void rebuild(boolean training) {
        denses.forEach(model::replaceProjection);
        base.forEach((name, copy) -> copy.copyTo(model.parameters().get(name)));
        Map<String, List<StackedLora.Factor>> stacks = new LinkedHashMap<>();
        for (Active a : active) {
            WeightChange change = a.change();
            if (change.isLora() && a.entry().mode() == Mode.STACKED && !training) {
                NDArray scaling = scalars.of(change.adapter().config().scaling());
                change.adapter().factors(scaling).forEach((module, factor) ->
                        stacks.computeIfAbsent(module, m -> new ArrayList<>()).add(factor));
            } else {
                change.deltas().forEach((name, delta) -> model.parameters().get(name).addi(delta));
            }
        }
        stacks.forEach((module, factors) -> model.replaceProjection(module, new StackedLora(denses.get(module), factors)));
    }
}
