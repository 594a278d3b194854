package engram.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link EditingBenchmark}, parsed by hand (picocli is not on shared-model's class path).
 *
 * @param edits          counterfactual edits of the single/batch comparison, and facts learned by the Beacons and
 *                       TAIA parts
 * @param sequential     edits applied one after another in the sequential part
 * @param every          the sequential curves get a point every this many edits
 * @param stacked        whether the sequential part also runs its two stacked conditions (merged always runs);
 *                       stacked inference gets slower with every edit on the stack
 * @param fluencyEdits   how many of the single edits also get a fluency generation (100 sampled tokens each)
 * @param parts          which parts run
 * @param realFacts      folder of the real-facts model; the real part is skipped when it has no model
 * @param counterfact    CounterFact in EasyEdit's json (the real part's edits)
 * @param model          the embedded world model
 * @param gateSample     items whose neighbours the regression gate watches
 * @param gateDrop       the gate's largest tolerated locality drop per edit
 * @param localitySample unedited facts watched for locality and retention (sequential, Beacons, TAIA)
 * @param seed           seed of item sampling and of every training
 * @param out            where reports go: {@code <out>/<part>/report.json|html} and {@code <out>/results.md}
 */
record EditingBenchmarkOptions(int edits, int sequential, int every, boolean stacked, int fluencyEdits, Set<Part> parts,
                               Path realFacts, Path counterfact, Path model, int gateSample, double gateDrop,
                               int localitySample, long seed, Path out) {

    /** The benchmark's parts, in run order. */
    enum Part { SINGLE, BEACONS, TAIA, SEQUENTIAL, REAL }

    static final String USAGE = """
            usage: scripts/benchmark-editing.sh [options]
              --edits N            single/batch edits, facts of the Beacons and TAIA parts (default 100)
              --sequential N       sequential edits (default 500)
              --every K            a curve point every K sequential edits (default 50)
              --sequential-modes M merged,stacked or merged (default merged,stacked)
              --fluency-edits N    single edits that also get a fluency generation (default 20)
              --parts LIST         comma-separated: single,beacons,taia,sequential,real (default: all)
              --real-facts DIR     the real-facts model (default target/real-facts-model; skipped if absent)
              --counterfact FILE   CounterFact json (default ../shared/data/counterfact-easyedit/counterfact-edit.json)
              --model DIR          the embedded world model (default models/engram-world)
              --gate-sample N      held items the regression gate watches (default 20)
              --gate-drop X        largest locality drop the gate accepts per edit (default 0.02)
              --locality-sample N  unedited facts watched for locality and retention (default 50)
              --seed S             seed of sampling and training (default 1)
              --out DIR            output folder (default target/benchmark-editing)
            """;

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the flag and the value that is wrong
     */
    static EditingBenchmarkOptions parse(String[] args) {
        int edits = 100;
        int sequential = 500;
        int every = 50;
        boolean stacked = true;
        int fluencyEdits = 20;
        Set<Part> parts = EnumSet.allOf(Part.class);
        Path realFacts = Path.of("target/real-facts-model");
        Path counterfact = Path.of("../shared/data/counterfact-easyedit/counterfact-edit.json");
        Path model = Path.of("models/engram-world");
        int gateSample = 20;
        double gateDrop = 0.02;
        int localitySample = 50;
        long seed = 1;
        Path out = Path.of("target/benchmark-editing");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("help requested");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--edits" -> edits = positive(flag, value);
                case "--sequential" -> sequential = positive(flag, value);
                case "--every" -> every = positive(flag, value);
                case "--sequential-modes" -> stacked = stackedToo(value);
                case "--fluency-edits" -> fluencyEdits = nonNegative(flag, value);
                case "--parts" -> parts = parts(value);
                case "--real-facts" -> realFacts = Path.of(value);
                case "--counterfact" -> counterfact = Path.of(value);
                case "--model" -> model = Path.of(value);
                case "--gate-sample" -> gateSample = positive(flag, value);
                case "--gate-drop" -> gateDrop = fraction(flag, value);
                case "--locality-sample" -> localitySample = positive(flag, value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new EditingBenchmarkOptions(edits, sequential, every, stacked, fluencyEdits, parts, realFacts, counterfact, model,
                gateSample, gateDrop, localitySample, seed, out);
    }

    /** The sizes of the parts that run, as a manifest's parameters. */
    Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        if (parts.contains(Part.SINGLE) || parts.contains(Part.BEACONS) || parts.contains(Part.TAIA)
                || parts.contains(Part.REAL)) {
            out.put("edits", String.valueOf(edits));
        }
        if (parts.contains(Part.SINGLE) || parts.contains(Part.REAL)) {
            out.put("fluency_edits", String.valueOf(fluencyEdits));
        }
        if (parts.contains(Part.SEQUENTIAL)) {
            out.put("sequential", sequential + " every " + every + (stacked ? ", merged and stacked" : ", merged"));
            out.put("gate", gateSample + " held items, max drop " + gateDrop);
        }
        if (parts.contains(Part.BEACONS) || parts.contains(Part.TAIA) || parts.contains(Part.SEQUENTIAL)) {
            out.put("locality_sample", String.valueOf(localitySample));
        }
        out.put("parts", parts.toString().toLowerCase(Locale.ROOT));
        return out;
    }

    private static Set<Part> parts(String value) {
        Set<Part> out = EnumSet.noneOf(Part.class);
        for (String name : value.split(",")) {
            try {
                out.add(Part.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--parts: unknown part '" + name + "'", e);
            }
        }
        return out;
    }

    private static boolean stackedToo(String value) {
        return switch (value.replace(" ", "")) {
            case "merged,stacked", "stacked,merged" -> true;
            case "merged" -> false;
            default -> throw new IllegalArgumentException("--sequential-modes must be merged,stacked or merged, got "
                    + value);
        };
    }

    private static int positive(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(flag + " must be > 0, got " + value);
        }
        return n;
    }

    private static int nonNegative(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n < 0) {
            throw new IllegalArgumentException(flag + " must be >= 0, got " + value);
        }
        return n;
    }

    private static double fraction(String flag, String value) {
        double x = Double.parseDouble(value);
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException(flag + " must be in [0, 1], got " + value);
        }
        return x;
    }
}
