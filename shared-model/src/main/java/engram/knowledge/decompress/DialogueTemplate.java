package engram.knowledge.decompress;

import java.util.List;

/**
 * How a tree's turns are written as text for the model, and where each turn's text comes from.
 */
public sealed interface DialogueTemplate permits DialogueTemplate.Completion, DialogueTemplate.Chat {

    /** Strings that end a generated turn (the turn keeps the text before the first one). */
    List<String> stops();

    /**
     * For a base model that is not a chat model: the tree grows over prompts the model completes. A question
     * turn is one of {@code questionPatterns} with {@code {subject}} filled in by the current subject (the root
     * for the first round, then the previous answer), chosen by the seeded generator without repetition among
     * siblings; an answer turn is the model's continuation of {@code questionFormat} around that question. A path
     * is rendered as {@code format(q1) a1 separator format(q2) a2 ...}.
     *
     * @param questionPatterns questions with a {@code {subject}} placeholder, e.g. {@code Where was {subject} born?}
     * @param questionFormat   a {@code %s} format turning a question into the prompt, e.g. {@code Q: %s A:}
     * @param separator        text between rounds, e.g. {@code " "}
     * @param stops            strings that end an answer, e.g. {@code ".", "\n"}
     */
    record Completion(List<String> questionPatterns, String questionFormat, String separator, List<String> stops)
            implements DialogueTemplate {
        public Completion {
            questionPatterns = List.copyOf(questionPatterns);
            stops = List.copyOf(stops);
        }

        /** engram's QA format: {@code "Q: <question> A:"}, rounds separated by a space, answers end at "." or a newline. */
        public static Completion questionAnswer(List<String> questionPatterns) {
            return new Completion(questionPatterns, "Q: %s A:", " ", List.of(".", "\n"));
        }

        String prompt(String question) {
            return String.format(java.util.Locale.ROOT, questionFormat, question);
        }
    }

    /**
     * For a chat model (docs/methods.md §8.3): the model writes both roles. A turn's prompt is the system prompt, the
     * path so far ({@code marker + " " + text + endOfTurn} per turn) and the opening marker of the next role.
     *
     * @param systemPrompt    P0, e.g. Vicuna's system prompt
     * @param userMarker      e.g. {@code USER:}
     * @param assistantMarker e.g. {@code ASSISTANT:}
     * @param endOfTurn       written after every turn and used as a stop, e.g. {@code "\n"}
     */
    record Chat(String systemPrompt, String userMarker, String assistantMarker, String endOfTurn)
            implements DialogueTemplate {

        @Override
        public List<String> stops() {
            return List.of(endOfTurn, userMarker, assistantMarker);
        }
    }
}
