package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import engram.knowledge.decompress.DialogueTemplate;
import java.util.List;

/**
 * How the dialogue turns are written ({@link DialogueTemplate}): a base model completes questions about each root
 * ({@code COMPLETION}, the default), a chat model writes both roles after role markers ({@code CHAT}). Fields of
 * the other kind are refused.
 *
 * @param kind            {@code COMPLETION} or {@code CHAT}
 * @param questions       COMPLETION: question patterns with a {@code {subject}} placeholder, 1-64, required
 * @param questionFormat  COMPLETION: a format with one {@code %s} for the question; default {@code "Q: %s A:"}
 * @param separator       COMPLETION: text between rounds; default {@code " "}
 * @param stops           COMPLETION: strings that end an answer; default {@code "."} and a newline
 * @param systemPrompt    CHAT: text before the dialogue; default none
 * @param userMarker      CHAT: opens a question turn; default {@code "USER:"}
 * @param assistantMarker CHAT: opens an answer turn; default {@code "ASSISTANT:"}
 * @param endOfTurn       CHAT: ends every turn; default a newline
 */
public record TemplateParams(Kind kind, List<String> questions, String questionFormat, String separator,
                             List<String> stops, String systemPrompt, String userMarker, String assistantMarker,
                             String endOfTurn) {

    /** The two template kinds. */
    public enum Kind {
        /** Questions from patterns, answers by the model: for a base model. */
        COMPLETION,
        /** Both roles by the model: for a chat model. */
        CHAT
    }

    /** The library template, validated; names the field of a bad value. */
    public DialogueTemplate toTemplate() {
        if (kind == Kind.CHAT) {
            refuse(questions, "questions");
            refuse(questionFormat, "questionFormat");
            refuse(separator, "separator");
            refuse(stops, "stops");
            return new DialogueTemplate.Chat(java.util.Objects.requireNonNullElse(systemPrompt, ""), nonEmpty(userMarker, "USER:", "userMarker"),
                    nonEmpty(assistantMarker, "ASSISTANT:", "assistantMarker"), nonEmpty(endOfTurn, "\n", "endOfTurn"));
        }
        refuse(systemPrompt, "systemPrompt");
        refuse(userMarker, "userMarker");
        refuse(assistantMarker, "assistantMarker");
        refuse(endOfTurn, "endOfTurn");
        Check.present(questions, "template.questions");
        if (questions.isEmpty() || questions.size() > 64) {
            throw new InvalidRequestException("template.questions", questions.size(), "give 1-64 question patterns");
        }
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            if (q == null || q.isBlank()) {
                throw new InvalidRequestException("template.questions[" + i + "]", q, "must not be blank");
            }
        }
        String format = java.util.Objects.requireNonNullElse(questionFormat, "Q: %s A:");
        if (!format.contains("%s") || format.replaceFirst("%s", "").contains("%")) {
            throw new InvalidRequestException("template.questionFormat", format,
                    "must contain one %s and no other %");
        }
        List<String> ends = java.util.Objects.requireNonNullElse(stops, List.of(".", "\n"));
        for (int i = 0; i < ends.size(); i++) {
            if (ends.get(i) == null || ends.get(i).isEmpty()) {
                throw new InvalidRequestException("template.stops[" + i + "]", ends.get(i), "must not be empty");
            }
        }
        return new DialogueTemplate.Completion(questions, format, java.util.Objects.requireNonNullElse(separator, " "), ends);
    }

    private static void refuse(Object value, String field) {
        if (value != null) {
            throw new InvalidRequestException("template." + field, value, "does not apply to this template kind");
        }
    }

    private static String nonEmpty(String value, String fallback, String field) {
        if (value != null && value.isEmpty()) {
            throw new InvalidRequestException("template." + field, value, "must not be empty");
        }
        return value == null ? fallback : value;
    }
}
