package engram.world;

/**
 * One measurement of knowledge: how likely a model finds {@code target} right after {@code prompt}.
 *
 * @param id     unique within its list, e.g. {@code fact-00042/born_in.0}
 * @param kind   {@code pretraining}, {@code held-out}, {@code biography} or {@code chain}
 * @param prompt the text the model continues
 * @param target the exact continuation, leading space included, e.g. {@code " Ostrava Kel"}
 */
public record Probe(String id, String kind, String prompt, String target) {
}
