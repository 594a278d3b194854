package engram.knowledge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MQuAKE (princeton-nlp/MQuAKE) cases as one item per requested rewrite, each carrying the case's
 * multi-hop questions as portability checks; the mapping is documented on {@link Format#MQUAKE}.
 */
final class MQuAKE {
    private MQuAKE() {}

    static ItemReader open(Path file) {
        return ItemReader.flatMapping(new JsonArrayFile(file, false), MQuAKE::items);
    }

    static List<KnowledgeItem> items(JsonRecord r) {
        long caseId = r.integer("case_id");
        String newAnswer = " " + r.text("new_answer");
        List<KnowledgeItem.Check> multiHop = r.texts("questions", 1).stream()
                .map(q -> new KnowledgeItem.Check(question(q), newAnswer)).toList();
        List<JsonRecord> rewrites = r.objects("requested_rewrite", 1);
        List<KnowledgeItem> items = new ArrayList<>(rewrites.size());
        for (int k = 0; k < rewrites.size(); k++) {
            JsonRecord rewrite = rewrites.get(k);
            String subject = rewrite.text("subject");
            items.add(new KnowledgeItem("mquake-" + caseId + "-" + k, subject, rewrite.text("relation_id"),
                    cloze(rewrite, subject), " " + rewrite.object("target_true").text("str"),
                    " " + rewrite.object("target_new").text("str"), List.of(question(rewrite.text("question"))),
                    List.of(), multiHop, null, List.of(), "mquake"));
        }
        return items;
    }

    /** The rewrite's {@code "{} is a citizen of"} template with the subject put in. */
    private static String cloze(JsonRecord rewrite, String subject) {
        String template = rewrite.text("prompt");
        if (!template.contains("{}")) {
            throw new InvalidItemException(rewrite.where(), rewrite.path() + ".prompt", template);
        }
        return template.replace("{}", subject);
    }

    private static String question(String question) {
        return "Q: " + question + " A:";
    }
}
