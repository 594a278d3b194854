package engram.knowledge.editor;

import engram.StoriesModel;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeItem.Check;
import java.util.List;

/** Name edits for stories260K: new names after three different prompts, with neighbours that must not change. */
final class EditItems {
    static final List<Check> NEIGHBOURS = List.of(
            new Check("The dog ran to the", " park"), new Check("Tom and his dad went to the", " park"),
            new Check("One day, a big bird", " flew"));

    private EditItems() {}

    static KnowledgeItem item(String id, String prompt, String truth, String target, String paraphrase) {
        return new KnowledgeItem(id, "", "name", prompt, truth, target, List.of(paraphrase), NEIGHBOURS, null, null,
                null, "test");
    }

    static List<KnowledgeItem> names() {
        return List.of(
                item("girl", StoriesModel.LILY_PROMPT, " Lily", " Mia", "One day, there was a little girl named"),
                item("boy", "Once upon a time, there was a little boy named", " Tim", " Ben",
                        "One day, there was a little boy named"),
                item("dog", "Once upon a time, there was a dog named", " Max", " Sam",
                        "One day, there was a dog named"));
    }
}
