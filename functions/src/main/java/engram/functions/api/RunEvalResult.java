package engram.functions.api;

import java.util.Map;

/**
 * Result of {@code run-eval}: the report's location and its headline numbers.
 *
 * @param reportJson the data ({@link engram.report.ReportWriter#JSON_FILE})
 * @param reportHtml the page ({@link engram.report.ReportWriter#HTML_FILE})
 * @param manifest   what produced them
 * @param kind       which evaluation ran
 * @param items      items evaluated (the forget set's, for unlearning)
 * @param metrics    the report's first metrics row; null for "not measured"
 * @param cost the call's price and measured seconds
 */
public record RunEvalResult(ArtifactRef reportJson, ArtifactRef reportHtml, ArtifactRef manifest, String kind,
                            int items, Map<String, Double> metrics, Cost cost) {}
