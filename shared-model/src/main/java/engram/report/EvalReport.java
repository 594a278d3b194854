package engram.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of one evaluation as plain data: what {@link ReportWriter} turns into {@code report.json}
 * and {@code report.html}.
 *
 * <p>Compact constructors only normalise (null lists and maps become empty, copies keep insertion order,
 * a missing number becomes NaN) and never throw, because Jackson builds these records when a report is
 * read back; {@link #validate()} is the explicit check. NaN means "not measured" and is shown as
 * {@code n/a}; in JSON it is {@code null}.
 *
 * @param title one line for the page header
 * @param kind what was evaluated, in kebab-case: {@code "edit"}, {@code "unlearning"}, {@code "knowledge-score"}
 * @param manifest what produced the numbers
 * @param metrics one row per method or condition, in the order given
 * @param items per-item details, optional (empty list)
 * @param curves line charts, for example the training loss of each method per step; optional
 * @param notes caveats a reader must know, such as what is approximated; optional
 */
public record EvalReport(String title, String kind, Manifest manifest, List<Row> metrics, List<Item> items,
        List<CurveSet> curves, List<String> notes) {

    /** Copies every list; never throws. */
    public EvalReport {
        metrics = copy(metrics);
        items = copy(items);
        curves = copy(curves);
        notes = copy(notes);
    }

    /** The metric names of all rows, in the order they first appear: the columns of the metrics table. */
    public List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        metrics.forEach(row -> names.addAll(row.values().keySet()));
        return List.copyOf(names);
    }

    /**
     * Checks what the constructors do not: required texts are present, names are unique, curves have as
     * many x as y values.
     *
     * @return this report, for chaining
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    public EvalReport validate() {
        require(title != null && !title.isBlank(), "title must not be blank");
        require(kind != null && !kind.isBlank(), "kind must not be blank");
        require(manifest != null, "manifest must be given");
        Set<String> methods = new LinkedHashSet<>();
        for (Row row : metrics) {
            require(row.method() != null && !row.method().isBlank(), "metrics: a row has no method name");
            require(methods.add(row.method()), "metrics: method '" + row.method() + "' appears twice");
        }
        for (Item item : items) {
            require(item.itemId() != null, "items: an item of method '" + item.method() + "' has no id");
        }
        for (CurveSet set : curves) {
            for (Series series : set.series()) {
                require(series.x().size() == series.y().size(), "curves: '" + set.title() + "' / '"
                        + series.name() + "' has " + series.x().size() + " x but " + series.y().size() + " y values");
            }
        }
        return this;
    }

    /**
     * One method's (or condition's) scores.
     *
     * @param method the row label, for example {@code "LoRA r=8"} or {@code "base model"}
     * @param values metric name to value, in column order; NaN for "not measured"
     */
    public record Row(String method, Map<String, Double> values) {
        /** Copies the values in order, turning missing numbers into NaN; never throws. */
        public Row {
            values = numbers(values);
        }
    }

    /**
     * How one method did on one knowledge item.
     *
     * @param method the method, matching a {@link Row#method()}
     * @param itemId the item's id
     * @param values named numbers, for example {@code "target_logprob"} or {@code "efficacy"}
     * @param texts named texts, for example {@code "prompt"}, {@code "target"}, {@code "prediction"}
     */
    public record Item(String method, String itemId, Map<String, Double> values, Map<String, String> texts) {
        /** Copies both maps in order; never throws. */
        public Item {
            values = numbers(values);
            texts = texts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(texts));
        }
    }

    /**
     * One line chart: several series sharing axes, such as the loss of each method per training step.
     *
     * @param title the chart's title
     * @param xLabel the x axis label, for example {@code "step"}
     * @param yLabel the y axis label, for example {@code "loss"}
     * @param series the lines, in legend order
     */
    public record CurveSet(String title, String xLabel, String yLabel, List<Series> series) {
        /** Copies the series; never throws. */
        public CurveSet {
            series = copy(series);
        }
    }

    /**
     * One line of a {@link CurveSet}. Lists rather than arrays so that equal data means equal records.
     *
     * @param name the legend entry, usually a method
     * @param x the x values, for example step numbers
     * @param y the y values, as many as {@code x}; NaN leaves a gap
     */
    public record Series(String name, List<Double> x, List<Double> y) {
        /** Copies both lists, turning missing numbers into NaN; never throws. */
        public Series {
            x = numbers(x);
            y = numbers(y);
        }

        /** A series from primitive arrays, the form a training loop usually has. */
        public static Series of(String name, double[] x, double[] y) {
            List<Double> xs = new ArrayList<>(x.length);
            List<Double> ys = new ArrayList<>(y.length);
            for (double v : x) {
                xs.add(v);
            }
            for (double v : y) {
                ys.add(v);
            }
            return new Series(name, xs, ys);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static List<Double> numbers(List<Double> list) {
        List<Double> copy = new ArrayList<>(list == null ? 0 : list.size());
        if (list != null) {
            list.forEach(v -> copy.add(v == null ? Double.NaN : v));
        }
        return Collections.unmodifiableList(copy);
    }

    private static Map<String, Double> numbers(Map<String, Double> map) {
        Map<String, Double> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> copy.put(k, v == null ? Double.NaN : v));
        }
        return Collections.unmodifiableMap(copy);
    }
}
