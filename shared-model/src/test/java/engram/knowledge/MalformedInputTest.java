package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files fail loudly: the message names the file, the line the record starts on and the field. */
class MalformedInputTest {

    private static final String KEL = "{\"sub_label\": \"Kel\", \"obj_label\": \"Ardhan\", \"uuid\": \"u1\"}\n";
    private static final String ARDHAN = "{\"sub_label\": \"Ardhan\", \"obj_label\": \"Kel\", \"uuid\": \"u2\"}\n";

    private static final String GOOD_CASE = """
              {
                "case_id": 1,
                "prompt": "The mother tongue of Danielle Darrieux is",
                "subject": "Danielle Darrieux",
                "target_new": "English",
                "ground_truth": "French",
                "rephrase_prompt": "Danielle Darrieux speaks",
                "locality_prompt": "Michel Rocard is a native speaker of",
                "locality_ground_truth": "French"
              }""";

    @TempDir
    Path folder;

    @Test
    void aMissingCounterFactFieldNamesItsRecordsLine() throws IOException {
        String second = GOOD_CASE.replace("\"case_id\": 1", "\"case_id\": 2")
                .replace("  \"ground_truth\": \"French\",\n", "");
        Path file = write("cf.json", "[\n" + GOOD_CASE + ",\n" + second + "\n]\n");
        assertFails(file, Format.COUNTERFACT, "cf.json:12", "ground_truth", "is missing");
    }

    @Test
    void aMistypedOrEmptyFieldIsInvalid() throws IOException {
        Path mistyped = write("typed.json", "[\n" + GOOD_CASE.replace("\"case_id\": 1", "\"case_id\": \"1\"") + "\n]");
        assertFails(mistyped, Format.COUNTERFACT, "typed.json:2", "case_id", "is invalid");
        String emptyTarget = GOOD_CASE.replace("\"target_new\": \"English\"", "\"target_new\": \"\"");
        Path empty = write("empty.json", "[\n" + emptyTarget + "\n]");
        assertFails(empty, Format.COUNTERFACT, "empty.json:2", "target_new", "is invalid");
    }

    @Test
    void malformedJsonNamesTheLineOfTheError() throws IOException {
        Path file = write("broken.json", "[\n" + GOOD_CASE + ",\n  {\"case_id\": 3,,}\n]\n");
        assertFails(file, Format.COUNTERFACT, "broken.json:12", "malformed JSON");
    }

    @Test
    void theTopLevelMustBeOneArrayOfObjects() throws IOException {
        assertFails(write("object.json", "{\"case_id\": 1}"), Format.KNOWN_1000, "object.json:1", "JSON array");
        assertFails(write("nothing.json", ""), Format.KNOWN_1000, "nothing.json:1", "JSON array");
        assertFails(write("strings.json", "[\n  \"Kuwait\"\n]"), Format.KNOWN_1000, "strings.json:2", "record");
        assertFails(write("two.json", "[]\n[]\n"), Format.COUNTERFACT, "two.json:2", "after the top-level array");
        assertFails(write("open.json", "[\n" + GOOD_CASE), Format.COUNTERFACT, "open.json", "malformed JSON");
    }

    @Test
    void duplicateKeysAreMalformed() throws IOException {
        Path file = write("dup.json", "[\n" + GOOD_CASE.replace("\"case_id\": 1,", "\"case_id\": 1, \"case_id\": 2,")
                + "\n]");
        assertFails(file, Format.COUNTERFACT, "dup.json:3", "case_id");
    }

    @Test
    void aTofuRecordWithoutAnAnswerNamesTheLineOfItsArray() throws IOException {
        Path file = write("full.json", "[{\"question\":\"Who?\",\"answer\":\"Me.\"}]\n[{\"question\":\"Why?\"}]\n");
        assertFails(file, Format.TOFU, "full.json:2", "answer", "is missing");
        Path perturbed = write("p.json",
                "[{\"question\":\"Who?\",\"answer\":\"Me.\",\"perturbed_answer\":[\"You.\", 3]}]");
        assertFails(perturbed, Format.TOFU, "p.json:1", "perturbed_answer[1]", "is invalid");
    }

    @Test
    void aBadNestedMQuAKEFieldIsNamedWithItsPath() throws IOException {
        String rewrite = "{\"prompt\": \"{} is a citizen of\", \"relation_id\": \"P27\", \"subject\": \"Tomas\","
                + " \"question\": \"Where?\", \"target_true\": {\"str\": \"Ardhan\"},"
                + " \"target_new\": {\"id\": \"Q1\"}}";
        Path file = write("mq.json", "[\n\n  {\"case_id\": 7, \"questions\": [\"Who leads it?\"],"
                + " \"new_answer\": \"Maren\","
                + "\n   \"requested_rewrite\": [" + rewrite + "]}\n]");
        assertFails(file, Format.MQUAKE, "mq.json:3", "requested_rewrite[0].target_new.str", "is missing");
        Path noTemplate = write("mq2.json", "[{\"case_id\": 7, \"questions\": [\"Q?\"], \"new_answer\": \"M\","
                + " \"requested_rewrite\": [" + rewrite.replace("{} is", "Tomas is")
                        .replace("{\"id\": \"Q1\"}", "{\"str\": \"Veloria\"}") + "]}]");
        assertFails(noTemplate, Format.MQUAKE, "mq2.json:1", "requested_rewrite[0].prompt", "is invalid");
    }

    @Test
    void engramJsonlNamesTheLineOfABlankLineOrABadCheck() throws IOException {
        String good = "{\"id\":\"a\",\"prompt\":\"P\",\"target_true\":\" T\",\"source\":\"s\"}";
        assertFails(write("blank.jsonl", good + "\n\n" + good + "\n"), Format.ENGRAM_JSONL, "blank.jsonl:2",
                "blank line");
        String badCheck = "{\"id\":\"b\",\"prompt\":\"P\",\"target_true\":\" T\",\"neighbours\":[{\"prompt\":\"N\"}],"
                + "\"source\":\"s\"}";
        assertFails(write("check.jsonl", good + "\n" + good + "\n" + badCheck + "\n"), Format.ENGRAM_JSONL,
                "check.jsonl:3", "neighbours[0].target", "is missing");
        String noTarget = "{\"id\":\"c\",\"prompt\":\"P\",\"source\":\"s\"}";
        assertFails(write("target.jsonl", noTarget + "\n"), Format.ENGRAM_JSONL, "target.jsonl:1", "target_true");
        assertFails(write("two.jsonl", good + " " + good + "\n"), Format.ENGRAM_JSONL, "two.jsonl:1", "malformed JSON");
    }

    @Test
    void aParaRelPatternWithoutItsSubjectSlotIsNamed() throws IOException {
        Files.createDirectories(folder.resolve("pararel/graphs_json"));
        Files.createDirectories(folder.resolve("pararel/trex_lms_vocab"));
        write("pararel/graphs_json/P17.jsonl", "{\"pattern\": \"[X] is located in [Y] .\"}\n"
                + "{\"pattern\": \"It is located in [Y] .\"}\n");
        write("pararel/trex_lms_vocab/P17.jsonl", KEL);
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> Datasets.open(folder.resolve("nowhere"), Format.PARAREL));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
        InvalidItemException e = assertThrows(InvalidItemException.class,
                () -> Datasets.open(folder.resolve("pararel"), Format.PARAREL).close());
        assertTrue(e.getMessage().contains("P17.jsonl:2") && e.getMessage().contains("'pattern'"), e.getMessage());
    }

    @Test
    void aParaRelFactIsCheckedAndARelationWithoutPatternsIsCounted() throws IOException {
        Files.createDirectories(folder.resolve("pararel/graphs_json"));
        Files.createDirectories(folder.resolve("pararel/trex_lms_vocab"));
        write("pararel/graphs_json/P17.jsonl", "{\"pattern\": \"[X] is located in [Y] .\"}\n");
        write("pararel/graphs_json/P36.jsonl", "{\"pattern\": \"[Y] is the capital of [X] .\"}\n");
        write("pararel/trex_lms_vocab/P36.jsonl", ARDHAN);
        write("pararel/trex_lms_vocab/P17.jsonl", KEL
                + "{\"sub_label\": \"Brask\", \"uuid\": \"u3\"}\n");
        try (ItemReader reader = Datasets.open(folder.resolve("pararel"), Format.PARAREL)) {
            assertEquals("Kel is located in", reader.next().prompt());
            InvalidItemException e = assertThrows(InvalidItemException.class, reader::next);
            assertTrue(e.getMessage().contains("P17.jsonl:2") && e.getMessage().contains("obj_label"), e.getMessage());
        }
        write("pararel/trex_lms_vocab/P17.jsonl", KEL);
        try (ItemReader reader = Datasets.open(folder.resolve("pararel"), Format.PARAREL)) {
            assertEquals(1, reader.toList().size());
            assertEquals(Map.of("P36", 1), reader.skipped());
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Reads the whole file and checks the exception's message for every expected part. */
    private static void assertFails(Path file, Format format, String... parts) {
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> {
            try (ItemReader reader = Datasets.open(file, format)) {
                reader.toList();
            }
        });
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }
}
