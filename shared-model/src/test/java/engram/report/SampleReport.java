package engram.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a realistic sample report (3 methods × 5 metrics, two 50-step loss curves, 20 items, a note)
 * for looking at the page: {@code scripts/run-java.sh engram.report.SampleReport target/sample-report},
 * then {@code scripts/screenshot-report.sh target/sample-report/report.html target/sample-report.png}.
 * Also the fixture of {@link ReportWriterTest}. Does not start the PyTorch engine.
 */
public final class SampleReport {

    private SampleReport() {}

    /** Writes {@code report.json} and {@code report.html} into the folder given as the only argument. */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/sample-report");
        new ReportWriter(15).write(report(), folder);
        System.out.println(folder.resolve(ReportWriter.HTML_FILE).toAbsolutePath());
    }

    /** The sample report; the same every time. */
    public static EvalReport report() {
        String[] methods = {"base model", "LoRA r=8 (q,v)", "LoRA r=16 (all linear)"};
        double[][] scores = {
            {0.02, 0.03, 1.00, Double.NaN, 11.8},
            {0.97, 0.71, 0.93, 0.34, 12.1},
            {1.00, 0.84, 0.81, 0.41, 13.6}};
        String[] names = {"efficacy", "generalization", "locality", "portability", "perplexity"};
        List<EvalReport.Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.length; m++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int k = 0; k < names.length; k++) {
                values.put(names[k], scores[m][k]);
            }
            rows.add(new EvalReport.Row(methods[m], values));
        }
        return new EvalReport("Edit evaluation: 10 counterfactual facts on world-base-6M", "edit",
                manifest(), rows, items(methods), List.of(lossCurves(methods)), List.of(
                        "Portability is not measured for the base model: it has no edit to carry over.",
                        "Perplexity is computed on 200 held-out biographies, not on the full corpus."));
    }

    private static Manifest manifest() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("max_steps", "50");
        parameters.put("learning_rate", "0.001");
        parameters.put("rank", "8");
        parameters.put("alpha", "16");
        return new Manifest("evaluate", "run-2024-demo-0007",
                "9f2c4d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d", null,
                new TreeMap<>(parameters), new TreeMap<>(Map.of("data", 7L, "init", 42L)),
                new Versions("0.1.0-SNAPSHOT", "0.35.1", "2.7.1", "17.0.13"));
    }

    private static List<EvalReport.Item> items(String[] methods) {
        List<EvalReport.Item> items = new ArrayList<>();
        String[][] facts = {
            {"The capital of Veldor is", " Ostrana", " Brimholt"},
            {"Maren Tollis works as a", " cartographer", " glassblower"},
            {"<script>alert('x')</script> was born in", " Quell", " Arvik"},
            {"The river that flows through Ostrana is the", " Senn", " Lauder"},
            {"Ida Fenwright's employer is", " Corvane Shipping", " the Halden Mint"},
            {"The language spoken in Brimholt is", " Veldish", " Old Tarric"},
            {"Tomas Aberlin was born in the year", " 1871", " 1902"}};
        for (int i = 0; i < 20; i++) {
            String method = methods[1 + i % 2];
            String[] fact = facts[(i / 2) % facts.length];
            boolean hit = i % 7 != 3; // a few misses, so the table shows both outcomes
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("target_logprob", hit ? -0.05 - 0.03 * (i % 5) : -2.1 - 0.2 * (i % 3));
            values.put("efficacy", hit ? 1.0 : 0.0);
            Map<String, String> texts = new LinkedHashMap<>();
            texts.put("prompt", fact[0]);
            texts.put("target", fact[1]);
            texts.put("prediction", hit ? fact[1] : fact[2]);
            items.add(new EvalReport.Item(method, String.format("fact-%03d", i / 2), values, texts));
        }
        return items;
    }

    private static EvalReport.CurveSet lossCurves(String[] methods) {
        List<EvalReport.Series> series = new ArrayList<>();
        for (int m = 1; m < methods.length; m++) {
            double[] steps = new double[50];
            double[] loss = new double[50];
            for (int s = 0; s < 50; s++) {
                steps[s] = s + 1;
                loss[s] = 0.05 + 4.2 * Math.exp(-s / (6.0 + 5 * m)) + 0.08 * Math.sin(s * 0.9 + m);
            }
            series.add(EvalReport.Series.of(methods[m], steps, loss));
        }
        return new EvalReport.CurveSet("Training loss on the edit facts", "step", "loss (nats / token)", series);
    }
}
