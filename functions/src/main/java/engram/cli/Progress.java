package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.Money;
import engram.functions.workflow.StepListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a workflow's progress, one line per function call: a bar of the calls done out of those expected, the
 * call, how long it took and what it reported (items kept, what the model knows, loss, metrics, cost). The
 * planner's answer is printed as the pre-run cost estimate.
 */
final class Progress implements StepListener {
    private static final int BAR = 20;
    private final PrintWriter err;
    private final int expected;
    private int done;

    /** @param expected calls the run should make; 0 when unknown (no bar) */
    Progress(PrintWriter err, int expected) {
        this.err = err;
        this.expected = expected;
    }

    @Override
    public synchronized void started(String function, JsonNode input) {
        err.printf("%s %-16s %s ...%n", bar(), function, input.path("runId").asText(""));
        err.flush();
    }

    @Override
    public synchronized void succeeded(String function, JsonNode output, Duration took) {
        done++;
        err.printf("%s %-16s done in %s%s%n", bar(), function, seconds(took), details(output));
        if (function.equals("plan-run")) {
            printEstimate(output);
        }
        err.flush();
    }

    @Override
    public synchronized void failed(String function, Throwable error, Duration took) {
        err.printf("%s %-16s failed after %s: %s%n", bar(), function, seconds(took), error.getMessage());
        err.flush();
    }

    /** The planner's estimate of every paid step and the cap, in USD. */
    private void printEstimate(JsonNode plan) {
        err.println("  pre-run cost estimate (USD):");
        for (Iterator<Map.Entry<String, JsonNode>> it = plan.path("estimates").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> step = it.next();
            err.printf("    %-20s %10s%n", step.getKey().replace("Micros", ""), usd(step.getValue().asLong()));
        }
        if (plan.has("reservedMicros")) {
            err.printf("    %-20s %10s%n", "reserved", usd(plan.path("reservedMicros").asLong()));
        }
        err.printf("    %-20s %10s%n", "cap", usd(plan.path("capMicros").asLong()));
    }

    /** The figures a function reports that a person watching cares about. */
    static String details(JsonNode output) {
        StringBuilder line = new StringBuilder();
        for (String field : new String[] {"keptCount", "droppedCount", "items", "known", "partlyKnown", "unknown",
                "edits", "steps", "finalLoss"}) {
            JsonNode value = output.path(field);
            if (value.isNumber()) {
                line.append(", ").append(field).append(' ').append(number(value));
            }
        }
        output.path("metrics").fields().forEachRemaining(metric -> {
            if (metric.getValue().isNumber() && line.length() < 160) {
                line.append(", ").append(metric.getKey()).append(' ').append(number(metric.getValue()));
            }
        });
        if (output.path("cost").path("micros").isNumber()) {
            line.append(", cost ").append(usd(output.path("cost").path("micros").asLong()));
        }
        return line.length() == 0 ? "" : " (" + line.substring(2) + ")";
    }

    static String usd(long micros) {
        return String.format(Locale.ROOT, "$%.4f", Money.usd(micros));
    }

    static String number(JsonNode value) {
        return value.isIntegralNumber() ? value.asText() : String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    private String bar() {
        if (expected <= 0) {
            return String.format(Locale.ROOT, "[%3d]", done);
        }
        int filled = Math.min(BAR, done * BAR / expected);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + Math.min(done, expected) + "/" + expected;
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }
}
