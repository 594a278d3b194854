package engram.knowledge.decompress;

import engram.knowledge.decompress.DialogueTree.Node;
import engram.knowledge.decompress.DialogueTree.Role;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tree Generation (TG, arXiv 2406.11354): decompresses what a model knows into dialogue trees, layer by layer,
 * following docs/methods.md §8.3 (structure from reviews of the paper, concrete choices [INF]). For each layer, every
 * node of the frontier gets {@code N[i]} children; all prompts of a layer are generated together in batches with
 * seeded sampling, so the same model, roots, template and config always give the same trees.
 *
 * <p>With {@link DialogueTemplate.Completion} (a base model) question turns come from the template's patterns about
 * the current subject and the model writes the answers; the next round asks about the previous answer. With
 * {@link DialogueTemplate.Chat} the model writes both roles after the role markers. A prompt longer than the model's
 * context minus {@code maxNewTokens} keeps its last tokens.
 */
public final class TreeGenerator {
    private TreeGenerator() {}

    /** One tree from {@code root}; see {@link #growAll}. */
    public static DialogueTree grow(CausalLm model, Tokenizer tokenizer, String root, DialogueTemplate template,
                                    TreeConfig config) {
        return growAll(model, tokenizer, List.of(root), template, config).get(0);
    }

    /**
     * One tree per root, generated together (one batch of prompts per layer across all roots).
     *
     * @throws IllegalArgumentException when the config is invalid or a Completion template has no patterns
     */
    public static List<DialogueTree> growAll(CausalLm model, Tokenizer tokenizer, List<String> roots,
                                             DialogueTemplate template, TreeConfig config) {
        config.validate();
        if (template instanceof DialogueTemplate.Completion c && c.questionPatterns().isEmpty()) {
            throw new IllegalArgumentException("a Completion template needs at least one question pattern");
        }
        List<List<Node>> trees = new ArrayList<>();
        roots.forEach(r -> trees.add(new ArrayList<>()));
        List<int[]> frontier = new ArrayList<>();                      // {tree, node index or -1 for the root}
        for (int t = 0; t < roots.size(); t++) {
            frontier.add(new int[] {t, -1});
        }
        SplittableRandom patterns = new SplittableRandom(config.seed());
        for (int layer = 1; layer <= config.depth(); layer++) {
            Role role = layer % 2 == 1 ? Role.QUESTION : Role.ANSWER;
            int n = config.branching().get(layer - 1);
            List<String[]> children;                                   // per frontier node: its children's texts
            if (role == Role.QUESTION && template instanceof DialogueTemplate.Completion c) {
                children = new ArrayList<>();
                for (int[] f : frontier) {
                    String subject = f[1] < 0 ? roots.get(f[0]) : trees.get(f[0]).get(f[1]).text().strip();
                    children.add(pick(c.questionPatterns(), n, patterns).stream()
                            .map(p -> p.replace("{subject}", subject)).toArray(String[]::new));
                }
            } else {
                List<String> prompts = new ArrayList<>();
                for (int[] f : frontier) {
                    prompts.add(prompt(template, roots.get(f[0]), path(trees.get(f[0]), f[1]), role));
                }
                children = sample(model, tokenizer, prompts, n, template.stops(), config, layer);
            }
            frontier = attach(trees, frontier, children, layer, role, config.dedup());
        }
        List<DialogueTree> out = new ArrayList<>();
        for (int t = 0; t < roots.size(); t++) {
            out.add(new DialogueTree(roots.get(t), template, config.depth(), trees.get(t)));
        }
        return out;
    }

    /** Adds the children under their parents (with de-duplication) and returns the new frontier. */
    private static List<int[]> attach(List<List<Node>> trees, List<int[]> frontier, List<String[]> children, int layer,
                                      Role role, boolean dedup) {
        List<int[]> next = new ArrayList<>();
        List<Set<String>> askedInLayer = new ArrayList<>();
        trees.forEach(t -> askedInLayer.add(new HashSet<>()));
        for (int i = 0; i < frontier.size(); i++) {
            int tree = frontier.get(i)[0];
            Set<String> siblings = new HashSet<>();
            for (String text : children.get(i)) {
                String key = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                boolean duplicate = role == Role.QUESTION ? !askedInLayer.get(tree).add(key) : !siblings.add(key);
                if (dedup && (key.isEmpty() || duplicate)) {
                    continue;
                }
                trees.get(tree).add(new Node(frontier.get(i)[1], layer, role, text));
                next.add(new int[] {tree, trees.get(tree).size() - 1});
            }
        }
        return next;
    }

    /** Up to {@code n} distinct patterns, a seeded partial shuffle (all of them, shuffled, when there are fewer). */
    private static List<String> pick(List<String> patterns, int n, SplittableRandom random) {
        List<String> pool = new ArrayList<>(patterns);
        int take = Math.min(n, pool.size());
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(pool.size() - i);
            String swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        return pool.subList(0, take);
    }

    /** The text the model continues to write the next turn of {@code role}. */
    private static String prompt(DialogueTemplate template, String root, List<Node> path, Role role) {
        if (template instanceof DialogueTemplate.Completion c) {
            return c.prompt(path.get(path.size() - 1).text());        // the answer to the last question alone
        }
        DialogueTemplate.Chat c = (DialogueTemplate.Chat) template;
        StringBuilder text = new StringBuilder();
        if (!c.systemPrompt().isEmpty()) {
            text.append(c.systemPrompt()).append(c.endOfTurn());
        }
        if (path.isEmpty() && !root.isEmpty()) {
            text.append(root);
        }
        for (Node n : path) {
            text.append(n.role() == Role.QUESTION ? c.userMarker() : c.assistantMarker()).append(n.text())
                    .append(c.endOfTurn());
        }
        return text.append(role == Role.QUESTION ? c.userMarker() : c.assistantMarker()).toString();
    }

    private static List<Node> path(List<Node> tree, int node) {
        List<Node> out = new ArrayList<>();
        for (int i = node; i >= 0; i = tree.get(i).parent()) {
            out.add(0, tree.get(i));
        }
        return out;
    }

    /** {@code n} sampled continuations of every prompt, cut at the first stop string. */
    private static List<String[]> sample(CausalLm model, Tokenizer tokenizer, List<String> prompts, int n,
                                         List<String> stops, TreeConfig config, int layer) {
        int room = model.config().maxPositions() - config.maxNewTokens();
        List<long[]> rows = new ArrayList<>();
        for (String p : prompts) {
            long[] ids = tokenizer.encodeWithBos(p);
            long[] fitted = ids.length > room ? Arrays.copyOfRange(ids, ids.length - room, ids.length) : ids;
            for (int k = 0; k < n; k++) {
                rows.add(fitted);
            }
        }
        List<String> texts = new ArrayList<>(rows.size());
        for (int from = 0, batch = 0; from < rows.size(); from += config.batchSize(), batch++) {
            List<long[]> part = rows.subList(from, Math.min(rows.size(), from + config.batchSize()));
            Sampling sampling = new Sampling(config.maxNewTokens(), config.temperature(), config.topK(), config.topP(),
                    config.seed() * 7919L + layer * 131L + batch, tokenizer.eos());
            for (long[] generated : Generator.generate(model, part.toArray(long[][]::new), sampling)) {
                texts.add(cut(tokenizer.decode(generated), stops));
            }
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            out.add(texts.subList(i * n, (i + 1) * n).toArray(String[]::new));
        }
        return out;
    }

    private static String cut(String text, List<String> stops) {
        int end = text.length();
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (!stop.isEmpty() && at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, end);
    }
}
