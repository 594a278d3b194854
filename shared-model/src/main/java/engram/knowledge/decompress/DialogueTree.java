package engram.knowledge.decompress;

import engram.knowledge.EngramJsonl;
import engram.knowledge.KnowledgeItem;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A tree of alternating question and answer turns grown from one root by {@link TreeGenerator}; plain data. Every
 * root-to-leaf path that reaches the full depth is one dialogue, and becomes one SFT {@link Example} (loss on the
 * answer turns only, docs/methods.md §8.4) or one {@link KnowledgeItem} (the last answer as target, everything before
 * it as prompt).
 *
 * @param root     the root text: a subject for {@link DialogueTemplate.Completion}, a topic hint or "" for chat
 * @param template how the turns are rendered
 * @param depth    layers the tree was grown to
 * @param nodes    every turn, parents before children
 */
public record DialogueTree(String root, DialogueTemplate template, int depth, List<Node> nodes) {

    public DialogueTree {
        nodes = List.copyOf(nodes);
    }

    /** Who speaks a turn. */
    public enum Role { QUESTION, ANSWER }

    /**
     * One turn.
     *
     * @param parent index of the parent node in {@link #nodes()}, or -1 under the root
     * @param layer  1-based layer; odd layers are questions
     * @param role   question or answer
     * @param text   the turn's text; an answer keeps its leading space
     */
    public record Node(int parent, int layer, Role role, String text) {}

    /** Every full-depth path from the root, each as its turns in order, in node order of the leaves. */
    public List<List<Node>> paths() {
        List<List<Node>> out = new ArrayList<>();
        for (Node leaf : nodes) {
            if (leaf.layer() != depth) {
                continue;
            }
            List<Node> path = new ArrayList<>();
            for (Node n = leaf; n != null; n = n.parent() < 0 ? null : nodes.get(n.parent())) {
                path.add(n);
            }
            Collections.reverse(path);
            out.add(List.copyOf(path));
        }
        return out;
    }

    /** One example per path: {@code [BOS]} and the rendered dialogue, with the loss on answer tokens. */
    public List<Example> examples(Tokenizer tokenizer) {
        List<Example> out = new ArrayList<>();
        for (List<Node> path : paths()) {
            List<Segment> segments = segments(path);
            List<Long> tokens = new ArrayList<>();
            List<Boolean> target = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Segment s : segments) {
                long[] ids = text.length() == 0 ? tokenizer.encodeWithBos(s.text())
                        : tokenizer.encodeContinuation(text.toString(), s.text());
                for (long id : ids) {
                    tokens.add(id);
                    target.add(s.target() && tokens.size() > 1);           // BOS is never predicted
                }
                text.append(s.text());
            }
            long[] t = tokens.stream().mapToLong(Long::longValue).toArray();
            boolean[] flags = new boolean[t.length];
            for (int i = 0; i < flags.length; i++) {
                flags[i] = target.get(i);
            }
            out.add(new Example(t, flags, 1f));
        }
        return out;
    }

    /**
     * One item per path: id {@code <idPrefix>-<n>}, subject the root, prompt the dialogue before the last answer,
     * {@code targetTrue} the last answer, source {@code engram-tg}.
     */
    public List<KnowledgeItem> items(String idPrefix) {
        List<KnowledgeItem> out = new ArrayList<>();
        for (List<Node> path : paths()) {
            List<Segment> segments = segments(path);
            int last = segments.size() - 1;
            while (last >= 0 && !segments.get(last).target()) {
                last--;
            }
            if (last < 0) {
                continue;                                        // a question-only path has no answer to learn
            }
            StringBuilder prompt = new StringBuilder();
            for (int i = 0; i < last; i++) {
                prompt.append(segments.get(i).text());
            }
            out.add(new KnowledgeItem(String.format(Locale.ROOT, "%s-%05d", idPrefix, out.size()), root, "",
                    prompt.toString(), segments.get(last).text(), null, null, null, null, null, null, "engram-tg"));
        }
        return out;
    }

    /** Writes the items of every tree as engram JSONL ({@link EngramJsonl}), ids {@code tg-<tree>-<n>}. */
    public static void writeJsonl(Path file, List<DialogueTree> trees) {
        List<KnowledgeItem> all = new ArrayList<>();
        for (int t = 0; t < trees.size(); t++) {
            all.addAll(trees.get(t).items(String.format(Locale.ROOT, "tg-%04d", t)));
        }
        EngramJsonl.write(file, all);
    }

    /** A piece of rendered text; {@code target} pieces carry the loss. */
    record Segment(String text, boolean target) {}

    /** The path as text pieces, in the template's format. */
    List<Segment> segments(List<Node> path) {
        List<Segment> out = new ArrayList<>();
        if (template instanceof DialogueTemplate.Completion c) {
            for (int i = 0; i < path.size(); i++) {
                Node n = path.get(i);
                if (n.role() == Role.QUESTION) {
                    out.add(new Segment((i == 0 ? "" : c.separator()) + c.prompt(n.text()), false));
                } else {
                    out.add(new Segment(n.text(), true));
                }
            }
        } else if (template instanceof DialogueTemplate.Chat c) {
            if (!c.systemPrompt().isEmpty()) {
                out.add(new Segment(c.systemPrompt() + c.endOfTurn(), false));
            }
            for (Node n : path) {
                if (n.role() == Role.QUESTION) {
                    out.add(new Segment(c.userMarker() + n.text() + c.endOfTurn(), false));
                } else {
                    out.add(new Segment(c.assistantMarker(), false));
                    out.add(new Segment(n.text() + c.endOfTurn(), true));
                }
            }
        }
        return out;
    }
}
