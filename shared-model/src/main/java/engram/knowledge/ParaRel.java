package engram.knowledge;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads ParaRel's T-REx facts with its paraphrase patterns; the mapping is documented on
 * {@link Format#PARAREL}. The patterns (a few hundred lines) are read first; the facts are then streamed
 * one relation file after another, in file-name order.
 */
final class ParaRel {

    /** {@code [Y]} at the very end, a final full stop and surrounding spaces ignored. */
    private static final Pattern ENDS_IN_Y = Pattern.compile("\\s*\\[Y]\\s*\\.?\\s*$");

    private ParaRel() {}

    static ItemReader open(Path folder) {
        Map<String, List<String>> clozes = clozes(relationFiles(folder.resolve("graphs_json")));
        Map<String, Integer> skipped = new TreeMap<>();
        Facts facts = new Facts(relationFiles(folder.resolve("trex_lms_vocab")), clozes, skipped);
        return new ItemReader(facts, facts, skipped);
    }

    /** Relation id to its usable patterns cut just before {@code [Y]}: {@code "[X] works in the field of"}. */
    private static Map<String, List<String>> clozes(Map<String, Path> patternFiles) {
        Map<String, List<String>> clozes = new LinkedHashMap<>();
        patternFiles.forEach((relation, file) -> {
            List<String> usable = new ArrayList<>();
            try (JsonLinesFile lines = new JsonLinesFile(file)) {
                while (lines.hasNext()) {
                    JsonRecord r = lines.next();
                    String pattern = r.text("pattern");
                    if (count(pattern, "[X]") != 1 || count(pattern, "[Y]") != 1) {
                        throw new InvalidItemException(r.where(), "pattern", pattern);
                    }
                    if (ENDS_IN_Y.matcher(pattern).find()) {
                        usable.add(ENDS_IN_Y.matcher(pattern).replaceFirst(""));
                    }
                }
            }
            clozes.put(relation, List.copyOf(usable));
        });
        return clozes;
    }

    static KnowledgeItem item(JsonRecord r, String relation, List<String> clozes) {
        String subject = r.text("sub_label");
        List<String> prompts = clozes.stream().map(c -> c.replace("[X]", subject)).toList();
        return new KnowledgeItem("pararel-" + r.text("uuid"), subject, relation, prompts.get(0),
                " " + r.text("obj_label"), null, prompts.subList(1, prompts.size()), null, null, null, null,
                "pararel");
    }

    /** {@code P*.jsonl} files of a folder by relation id, in file-name order. */
    private static Map<String, Path> relationFiles(Path folder) {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(p -> p.getFileName().toString().matches("P\\d+\\.jsonl"))
                    .forEach(p -> files.put(p.getFileName().toString().replace(".jsonl", ""), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new InvalidItemException(folder.toString(), "no P*.jsonl relation files");
        }
        return files;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** The facts of every relation file in turn; a relation without a usable pattern is counted, not read out. */
    private static final class Facts implements Iterator<KnowledgeItem>, Closeable {
        private final Iterator<Map.Entry<String, Path>> files;
        private final Map<String, List<String>> clozes;
        private final Map<String, Integer> skipped;
        private String relation;
        private JsonLinesFile current;

        Facts(Map<String, Path> files, Map<String, List<String>> clozes, Map<String, Integer> skipped) {
            this.files = files.entrySet().iterator();
            this.clozes = clozes;
            this.skipped = skipped;
        }

        @Override
        public boolean hasNext() {
            while (true) {
                if (current != null && current.hasNext()) {
                    if (!clozes.getOrDefault(relation, List.of()).isEmpty()) {
                        return true;
                    }
                    current.next();
                    skipped.merge(relation, 1, Integer::sum);
                } else if (files.hasNext()) {
                    close();
                    Map.Entry<String, Path> next = files.next();
                    relation = next.getKey();
                    current = new JsonLinesFile(next.getValue());
                } else {
                    return false;
                }
            }
        }

        @Override
        public KnowledgeItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more ParaRel facts");
            }
            JsonRecord r = current.next();
            return item(r, relation, clozes.get(relation)).validate(r.where());
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
