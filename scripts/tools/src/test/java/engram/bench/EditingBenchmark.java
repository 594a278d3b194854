package engram.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.bench.EditingBenchmarkOptions.Part;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.ItemReader;
import engram.knowledge.KnowledgeItem;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.report.ReportWriter;
import engram.report.Versions;
import engram.tokenizer.Tokenizer;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The editing and learning benchmark of issue 5 (not a test): single and batch counterfactual edits (FT-L, FT-M,
 * LoRA, each ± OVERTONE), Semantic Beacons on a noisy training set, TAIA under question/cloze mismatch, and
 * sequential editing with the ledger and the regression gate, on the embedded world model; then CounterFact edits
 * on the real-facts model when it exists. Each part writes {@code report.json} and {@code report.html} under
 * {@code <out>/<part>/}; the tables are printed as markdown and written to {@code <out>/results.md} ({@code results-<parts>.md} when
 * only some parts run). Run through
 * {@code scripts/benchmark-editing.sh}; options in {@link EditingBenchmarkOptions#USAGE}.
 */
public final class EditingBenchmark {
    private static final PrintStream LOG = System.out;

    private EditingBenchmark() {}

    /** Runs the parts the options select. */
    public static void main(String[] args) throws IOException {
        EditingBenchmarkOptions options;
        try {
            options = EditingBenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().equals("help requested") ? "" : "error: " + e.getMessage());
            System.err.print(EditingBenchmarkOptions.USAGE);
            return;
        }
        StringBuilder markdown = new StringBuilder("# Editing benchmark\n\n").append(machine()).append("\n\n");
        long started = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager()) {
            if (options.parts().stream().anyMatch(p -> p != Part.REAL)) {
                worldParts(options, root, markdown);
            }
            if (options.parts().contains(Part.REAL)) {
                realPart(options, root, markdown);
            }
        }
        markdown.append(String.format(Locale.ROOT, "Total wall time: %.1f min.%n", EditingBenchmarkTables.since(started) / 60));
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve(resultsFile(options)), markdown.toString(), StandardCharsets.UTF_8);
        LOG.println();
        LOG.print(markdown);
    }

    private static void worldParts(EditingBenchmarkOptions o, NDManager root, StringBuilder markdown) throws IOException {
        long worldSeed = new ObjectMapper().readTree(o.model().resolve("knowledge.json").toFile())
                .get("training").get("seed").asLong();
        World world = World.generate(WorldSpec.standard(worldSeed));
        List<KnowledgeItem> distinct = distinctSubjects(world.editItems(), o.seed());
        int n = o.edits();
        int watchedFrom = distinct.size() - o.localitySample();
        List<KnowledgeItem> watched = distinct.subList(watchedFrom, distinct.size());
        require(2 * n + o.localitySample() <= distinct.size() && o.sequential() + o.gateSample() <= watchedFrom,
                "the world has " + distinct.size() + " distinct subjects, too few for these sizes");
        List<KnowledgeItem> edits = distinct.subList(0, n);
        Manifest manifest = manifest("benchmark-editing", o.model(), o);
        try (CausalLm model = CausalLm.load(o.model(), root);
             Tokenizer tokenizer = Tokenizer.load(o.model().resolve("tokenizer.json"),
                     ModelConfig.fromHuggingFace(o.model().resolve("config.json")))) {
            if (o.parts().contains(Part.SINGLE)) {
                LOG.printf("single: %d counterfactual edits x 6 methods, single and batch%n", n);
                EvalReport r = EditingBenchmarkSingle.run(model, tokenizer, edits, o.fluencyEdits(), o.seed(), manifest,
                        "Counterfactual edits on the engram world model: " + n + " edits", LOG);
                write(o, "single", r, EditingBenchmarkSingle.COLUMNS, markdown);
            }
            if (o.parts().contains(Part.BEACONS)) {
                LOG.printf("beacons: %d new facts in a noisy training set%n", n);
                List<KnowledgeItem> fillers = distinct.subList(watchedFrom - n, watchedFrom);
                EvalReport r = EditingBenchmarkBeacons.run(model, tokenizer, edits, fillers, watched, world.editItems(),
                        o.seed(), manifest, LOG);
                write(o, "beacons", r, EditingBenchmarkBeacons.COLUMNS, markdown);
            }
            if (o.parts().contains(Part.TAIA)) {
                LOG.printf("taia: %d new facts trained as questions, tested as cloze%n", n);
                List<String> heldOut = heldOutSentences(world, watched);
                EvalReport r = EditingBenchmarkTaia.run(model, tokenizer, o.model(), edits, watched, heldOut, o.seed(),
                        manifest, LOG);
                write(o, "taia", r, EditingBenchmarkTaia.COLUMNS, markdown);
            }
            if (o.parts().contains(Part.SEQUENTIAL)) {
                LOG.printf("sequential: %d edits, a point every %d%n", o.sequential(), o.every());
                List<KnowledgeItem> held = distinct.subList(o.sequential(), o.sequential() + o.gateSample());
                EvalReport r = EditingBenchmarkSequential.run(model, tokenizer, distinct.subList(0, o.sequential()), held,
                        watched, o.every(), o.gateDrop(), o.stacked(), o.seed(), manifest, LOG);
                write(o, "sequential", r, EditingBenchmarkSequential.COLUMNS, markdown);
            }
        }
    }

    private static void realPart(EditingBenchmarkOptions o, NDManager root, StringBuilder markdown) throws IOException {
        if (!Files.isRegularFile(o.realFacts().resolve("model.safetensors"))) {
            LOG.println("real: skipped, no model in " + o.realFacts());
            markdown.append("## real\n\nSkipped: no model in `").append(o.realFacts()).append("`.\n\n");
            return;
        }
        List<KnowledgeItem> cases;
        try (ItemReader reader = Datasets.open(o.counterfact(), Format.COUNTERFACT)) {
            // the real-facts model was pretrained on the first 3,000 cases' true facts (BuildBaseModel's default)
            cases = distinctSubjects(reader.stream().limit(3000).toList(), o.seed());
        }
        List<KnowledgeItem> edits = cases.subList(0, Math.min(o.edits(), cases.size()));
        Manifest manifest = manifest("benchmark-editing-real", o.realFacts(), o);
        try (CausalLm model = CausalLm.load(o.realFacts(), root);
             Tokenizer tokenizer = Tokenizer.load(o.realFacts().resolve("tokenizer.json"),
                     ModelConfig.fromHuggingFace(o.realFacts().resolve("config.json")))) {
            LOG.printf("real: %d CounterFact edits x 6 methods%n", edits.size());
            EvalReport r = EditingBenchmarkSingle.run(model, tokenizer, edits, o.fluencyEdits(), o.seed(), manifest,
                    "CounterFact edits on the real-facts model: " + edits.size() + " edits", LOG);
            write(o, "real", r, EditingBenchmarkSingle.COLUMNS, markdown);
        }
    }

    /** {@code results.md} for a run of every part, else {@code results-<part>-<part>.md}, so runs side by side do not clash. */
    private static String resultsFile(EditingBenchmarkOptions o) {
        if (o.parts().size() == Part.values().length) {
            return "results.md";
        }
        return "results-" + String.join("-", o.parts().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList())
                + ".md";
    }

    /** A seeded shuffle of {@code items} keeping the first item of every subject. */
    private static List<KnowledgeItem> distinctSubjects(List<KnowledgeItem> items, long seed) {
        List<KnowledgeItem> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        Set<String> subjects = new HashSet<>();
        return shuffled.stream().filter(i -> subjects.add(i.subject())).toList();
    }

    /** The watched facts rendered in their held-out templates (never in pretraining). */
    private static List<String> heldOutSentences(World world, List<KnowledgeItem> watched) {
        Set<String> ids = new HashSet<>();
        watched.forEach(w -> ids.add(w.id()));
        List<String> out = new ArrayList<>();
        world.facts().stream().filter(f -> ids.contains(f.id()))
                .forEach(f -> f.relation().heldOutTemplates().forEach(t -> out.add(f.statement(t))));
        return out;
    }

    private static void write(EditingBenchmarkOptions o, String part, EvalReport report, List<String> columns,
                              StringBuilder markdown) {
        Path folder = new ReportWriter().write(report, o.out().resolve(part));
        String table = "## " + part + ": " + report.title() + "\n\n" + EditingBenchmarkTables.markdown(report, columns)
                + "\n" + String.join("\n", report.notes().stream().map(n -> "- " + n).toList()) + "\n\n";
        markdown.append(table);
        LOG.println(table);
        LOG.println("  wrote " + folder.resolve(ReportWriter.HTML_FILE));
    }

    private static Manifest manifest(String operation, Path model, EditingBenchmarkOptions o) {
        Map<String, String> parameters = o.parameters();
        return Manifest.of(operation, "editing-benchmark-seed-" + o.seed(), model.resolve("model.safetensors"), null,
                new Manifest.Settings(parameters, Map.of("sampling_and_training", o.seed()), Versions.detect()));
    }

    /** One line about the machine the numbers come from. */
    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        return String.format(Locale.ROOT, "Machine: %s, %d cores visible, Java %s, %s %s, max heap %d MiB.", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
