package engram.functions;

import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.DialogueTemplate;
import engram.knowledge.decompress.DialogueTree;
import engram.knowledge.decompress.TreeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One grown tree as {@code decompress} reports it in {@code trees.json}, with the replay items it gave.
 *
 * @param root              the root text
 * @param nodesPerLayer     turns kept in each layer, layer 1 first
 * @param duplicatesDropped turns the de-duplication dropped: in each layer, the turns offered (parents times
 *                          branching, questions capped by the template's patterns) minus the turns kept
 * @param paths             replay items written (full-depth paths whose last answer is not blank)
 * @param items             the replay items themselves (not in the report)
 */
record TreeSummary(String root, List<Integer> nodesPerLayer, int duplicatesDropped, int paths,
                   @com.fasterxml.jackson.annotation.JsonIgnore List<KnowledgeItem> items) {

    /** Summarises tree number {@code index} of a run; its items get ids {@code tg-<index>-<n>}. */
    static TreeSummary of(int index, DialogueTree tree, TreeConfig config) {
        int[] kept = new int[config.depth() + 1];
        tree.nodes().forEach(n -> kept[n.layer()]++);
        int dropped = 0;
        List<Integer> perLayer = new ArrayList<>();
        for (int layer = 1; layer <= config.depth(); layer++) {
            int parents = layer == 1 ? 1 : kept[layer - 1];
            int width = config.branching().get(layer - 1);
            if (layer % 2 == 1 && tree.template() instanceof DialogueTemplate.Completion c) {
                width = Math.min(width, c.questionPatterns().size());      // questions come from the patterns
            }
            dropped += parents * width - kept[layer];
            perLayer.add(kept[layer]);
        }
        List<KnowledgeItem> items = tree.items(String.format(Locale.ROOT, "tg-%04d", index)).stream()
                .filter(i -> !i.targetTrue().isBlank()).toList();          // an empty answer teaches nothing
        return new TreeSummary(tree.root(), perLayer, dropped, items.size(), items);
    }
}
