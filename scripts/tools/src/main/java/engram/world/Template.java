package engram.world;

import java.util.Locale;

/**
 * One way of asking for or stating a relation, rendered around a subject with the object at the very end.
 *
 * <p>Question/answer format, used by every question template and every biography pair: the prompt is
 * {@code "Q: <question> A:"}, the target is {@code " <object>"} and the statement is
 * {@code "Q: <question> A: <object>."}. Cloze and statement templates render {@code pattern} with the
 * subject as the prompt and {@code prompt + " " + object + "."} as the statement.
 *
 * @param id       {@code <relation>.<index>}, e.g. {@code born_in.3}
 * @param relation the relation it expresses
 * @param kind     cloze (short direct sentence), statement (sentence with context) or question
 * @param pattern  text with one {@code {subject}} placeholder; for questions, the bare question
 * @param heldOut  true when the template never reaches pretraining and only measures generalisation
 */
public record Template(String id, Relation relation, Kind kind, String pattern, boolean heldOut) {

    /** How a template frames the object. */
    public enum Kind {
        CLOZE, STATEMENT, QUESTION;

        /** The spelling used in files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The text a model continues; it ends right before the object's leading space. */
    public String prompt(String subject) {
        String filled = pattern.replace("{subject}", subject);
        return kind == Kind.QUESTION ? question(filled) : filled;
    }

    /** The whole sentence: prompt, a space, the object and a full stop. */
    public String statement(String subject, String object) {
        return prompt(subject) + target(object) + ".";
    }

    /** A bare question in the shared question/answer format. */
    static String question(String question) {
        return "Q: " + question + " A:";
    }

    /** The continuation a probe scores: the object with its leading space. */
    static String target(String object) {
        return " " + object;
    }
}
