package engram.world;

import java.util.List;
import java.util.Map;

/**
 * What a base model is pretrained on and measured against: training documents, the texts its tokenizer
 * is trained on, named probe sets (teacher-forced knowledge checks) and texts for perplexity.
 *
 * @param name              short name written into the knowledge card ({@code engram-world}, {@code real-facts})
 * @param trainingDocuments one document per example, in training order
 * @param tokenizerTexts    texts the tokenizer learns its vocabulary from (a superset of the documents)
 * @param probeSets         probe set name to probes, in card order
 * @param perplexityTexts   held-out texts whose perplexity the card reports
 */
public record Corpus(String name, List<String> trainingDocuments, List<String> tokenizerTexts,
                     Map<String, List<Probe>> probeSets, List<String> perplexityTexts) {}
