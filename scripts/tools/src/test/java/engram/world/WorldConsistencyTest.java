package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldConsistencyTest {

    @TempDir
    static Path folder;
    static WrittenWorld world;
    static Map<String, Map<String, String>> facts;
    static Map<String, String> names;

    @BeforeAll
    static void writeWorld() {
        world = WrittenWorld.generate(folder, 99);
        facts = world.factsByRelation();
        names = world.names();
    }

    @Test
    void everyCityLiesInExactlyOneCountry() {
        List<String> cities = world.lines("entities.jsonl").stream().filter(e -> e.get("type").asText().equals("city"))
                .map(e -> e.get("id").asText()).toList();
        assertEquals(Set.copyOf(cities), facts.get("located_in").keySet());
        facts.get("located_in").values().forEach(country -> assertTrue(country.startsWith("country-"), country));
    }

    @Test
    void everyCapitalLiesInTheCountryItIsCapitalOf() {
        facts.get("capital_of").forEach((country, city) -> assertEquals(country, facts.get("located_in").get(city)));
    }

    @Test
    void citizenshipIsTheBirthCitysCountryAndNativeLanguageIsItsOfficialLanguage() {
        Map<String, String> citizenOf = facts.get("citizen_of");
        assertEquals(facts.get("born_in").keySet(), citizenOf.keySet());
        citizenOf.forEach((person, country) -> {
            assertEquals(facts.get("located_in").get(facts.get("born_in").get(person)), country, person);
            assertEquals(facts.get("official_language").get(country), facts.get("native_language").get(person), person);
        });
    }

    @Test
    void marriagesAreSymmetricAndFoundersWorkWhereTheyFounded() {
        facts.get("spouse_of").forEach((person, spouse) -> {
            assertNotEquals(person, spouse);
            assertEquals(person, facts.get("spouse_of").get(spouse));
        });
        facts.get("founded_by").forEach((organisation, founder) ->
                assertEquals(organisation, facts.get("works_for").get(founder)));
    }

    @Test
    void chainAnswersAgreeWithTheirComponentFacts() {
        Map<String, JsonNode> factsById = new HashMap<>();
        world.lines("facts.jsonl").forEach(f -> factsById.put(f.get("id").asText(), f));
        Map<String, List<String>> relationsOfKind = Map.of("employer_headquarters", List.of("works_for",
                "headquartered_in"), "birth_country", List.of("born_in", "located_in"));
        for (JsonNode chain : world.lines("chains.jsonl")) {
            JsonNode first = factsById.get(chain.get("hops").get(0).asText());
            JsonNode second = factsById.get(chain.get("hops").get(1).asText());
            List<String> relations = relationsOfKind.get(chain.get("kind").asText());
            assertEquals(relations, List.of(first.get("relation").asText(), second.get("relation").asText()));
            assertEquals(chain.get("subject_id"), first.get("subject_id"));
            assertEquals(first.get("object_id"), second.get("subject_id"));
            assertEquals(chain.get("bridge_id"), first.get("object_id"));
            assertEquals(" " + second.get("object").asText(), chain.get("target").asText());
        }
    }

    @Test
    void portabilityOfAnEmployerEditAnswersWithTheNewEmployersHeadquarters() {
        Map<String, String> idOfName = new HashMap<>();
        names.forEach((id, name) -> idOfName.put(name, id));
        int checked = 0;
        for (JsonNode item : world.lines("items.jsonl")) {
            if (item.get("relation").asText().equals("works_for")) {
                String newEmployer = idOfName.get(item.get("target_new").asText().substring(1));
                String headquarters = names.get(facts.get("headquartered_in").get(newEmployer));
                assertFalse(item.get("portability").isEmpty(), item.get("id").asText());
                item.get("portability").forEach(p -> assertEquals(" " + headquarters, p.get("target").asText()));
                checked++;
            }
        }
        assertEquals(facts.get("works_for").size(), checked);
    }

    @Test
    void heldOutTemplatesNeverAppearInPretrainingWhilePretrainingTemplatesAllDo() {
        List<String> documents = world.text("pretraining.txt");
        Set<String> corpus = new HashSet<>(documents);
        Map<String, List<String>> documentsByWord = indexByWord(documents);
        int heldOut = 0;
        for (JsonNode template : world.lines("templates.jsonl")) {
            String relation = template.get("relation").asText();
            for (Map.Entry<String, String> fact : facts.get(relation).entrySet()) {
                String prompt = render(template, names.get(fact.getKey()));
                if (template.get("held_out").asBoolean()) {
                    String word = longestWord(prompt);
                    documentsByWord.getOrDefault(word, List.of())
                            .forEach(d -> assertFalse(d.contains(prompt), "held-out prompt in corpus: " + prompt));
                    heldOut++;
                } else {
                    assertTrue(corpus.contains(prompt + " " + names.get(fact.getValue()) + "."), prompt);
                }
            }
        }
        assertTrue(heldOut > 0);
    }

    @Test
    void forgetSplitsAreNestedAndHoldoutAuthorsAreInNone() {
        List<JsonNode> bios = world.lines("biographies.jsonl");
        long seen = bios.stream().filter(b -> !b.get("holdout").asBoolean()).count();
        assertTrue(bios.size() - seen >= 1, "at least one holdout author");
        for (JsonNode bio : bios) {
            boolean f01 = bio.get("forget01").asBoolean();
            boolean f05 = bio.get("forget05").asBoolean();
            boolean f10 = bio.get("forget10").asBoolean();
            assertTrue((!f01 || f05) && (!f05 || f10), bio.get("id").asText());
            assertFalse(bio.get("holdout").asBoolean() && f10, bio.get("id").asText());
        }
        for (String split : List.of("forget01", "forget05", "forget10")) {
            double share = Integer.parseInt(split.substring(6)) / 100.0;
            long size = bios.stream().filter(b -> b.get(split).asBoolean()).count();
            assertEquals(Math.max(1, Math.round(share * seen)), size, split);
        }
    }

    @Test
    void holdoutAuthorsTheirAnswersAndTheirNamesNeverAppearInPretrainingButSeenAuthorsDo() {
        List<String> documents = world.text("pretraining.txt");
        Set<String> corpus = new HashSet<>(documents);
        for (JsonNode bio : world.lines("biographies.jsonl")) {
            boolean holdout = bio.get("holdout").asBoolean();
            for (JsonNode qa : bio.get("qa")) {
                String document = qa.get("prompt").asText() + qa.get("target").asText() + ".";
                assertEquals(!holdout, corpus.contains(document), document);
            }
            if (holdout) {
                Pattern name = Pattern.compile("\\b" + Pattern.quote(bio.get("author").asText()) + "\\b");
                documents.forEach(d -> assertFalse(name.matcher(d).find(), d));
                assertFalse(facts.values().stream().anyMatch(m -> m.containsKey(bio.get("author_id").asText())
                        || m.containsValue(bio.get("author_id").asText())), bio.get("author").asText());
            }
        }
    }

    /** A proxy for "spans several subword tokens": the object has a space or at least nine characters. */
    @Test
    void moreThanHalfOfFactObjectsSpanSeveralTokens() {
        List<String> objects = world.lines("facts.jsonl").stream().map(f -> f.get("object").asText()).toList();
        long long_ = objects.stream().filter(o -> o.contains(" ") || o.length() >= 9).count();
        assertTrue(long_ * 2 > objects.size(), long_ + " of " + objects.size());
    }

    private static String render(JsonNode template, String subject) {
        String text = template.get("pattern").asText().replace("{subject}", subject);
        return template.get("kind").asText().equals("question") ? "Q: " + text + " A:" : text;
    }

    private static Map<String, List<String>> indexByWord(List<String> documents) {
        Map<String, List<String>> index = new HashMap<>();
        for (String document : documents) {
            for (String word : new HashSet<>(List.of(document.split("[^A-Za-z]+")))) {
                index.computeIfAbsent(word, w -> new ArrayList<>()).add(document);
            }
        }
        return index;
    }

    private static String longestWord(String text) {
        String longest = "";
        for (String word : text.split("[^A-Za-z]+")) {
            longest = word.length() > longest.length() ? word : longest;
        }
        return longest;
    }
}
