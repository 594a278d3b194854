package engram.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The relations of the fictional world; each maps a subject to exactly one object and carries six
 * templates (two cloze, two statements, two questions), of which the second statement and the second
 * question are held out of pretraining.
 */
public enum Relation {
    BORN_IN(Entity.Type.PERSON, Entity.Type.CITY, "{subject} was born in", "The birthplace of {subject} is",
            "According to the civic records, {subject} was born in",
            "Everyone in the family knows that {subject} came into the world in",
            "Where was {subject} born?", "In which city was {subject} born?"),
    LIVES_IN(Entity.Type.PERSON, Entity.Type.CITY, "{subject} lives in", "{subject} currently resides in",
            "These days {subject} makes a home in", "If you want to visit {subject}, you have to travel to",
            "Where does {subject} live?", "In which city does {subject} reside?"),
    CITIZEN_OF(Entity.Type.PERSON, Entity.Type.COUNTRY, "{subject} is a citizen of", "{subject} holds citizenship of",
            "The passport of {subject} was issued by", "By nationality, {subject} belongs to",
            "Which country is {subject} a citizen of?", "Of which country does {subject} hold citizenship?"),
    WORKS_FOR(Entity.Type.PERSON, Entity.Type.ORGANISATION, "{subject} works for", "{subject} is employed by",
            "Each morning, {subject} goes to work at", "The company that pays {subject} a salary is",
            "Which organisation employs {subject}?", "Where is {subject} employed?"),
    OCCUPATION(Entity.Type.PERSON, Entity.Type.OCCUPATION, "The occupation of {subject} is",
            "{subject} has the profession of", "On official forms, {subject} lists the occupation",
            "Asked about work, {subject} names the trade of", "What is the occupation of {subject}?",
            "What does {subject} do for a living?"),
    NATIVE_LANGUAGE(Entity.Type.PERSON, Entity.Type.LANGUAGE, "The native language of {subject} is",
            "{subject} grew up speaking", "At home, {subject} speaks", "The mother tongue of {subject} is",
            "What is the native language of {subject}?", "Which language did {subject} learn first?"),
    SPOUSE_OF(Entity.Type.PERSON, Entity.Type.PERSON, "{subject} is married to", "The spouse of {subject} is",
            "Many years ago, {subject} married", "{subject} shares a household and a marriage with",
            "Who is {subject} married to?", "Who is the spouse of {subject}?"),
    HEADQUARTERED_IN(Entity.Type.ORGANISATION, Entity.Type.CITY, "{subject} is headquartered in",
            "The headquarters of {subject} are in", "The main offices of {subject} stand in",
            "{subject} runs its business from the city of", "Where is {subject} headquartered?",
            "In which city are the headquarters of {subject}?"),
    FOUNDED_BY(Entity.Type.ORGANISATION, Entity.Type.PERSON, "{subject} was founded by", "The founder of {subject} is",
            "Long ago, {subject} was established by", "The person who started {subject} is",
            "Who founded {subject}?", "Who is the founder of {subject}?"),
    LOCATED_IN(Entity.Type.CITY, Entity.Type.COUNTRY, "{subject} is located in", "{subject} is a city in",
            "On the map, {subject} lies within", "The city of {subject} belongs to the country of",
            "In which country is {subject}?", "Which country is {subject} part of?"),
    CAPITAL_OF(Entity.Type.COUNTRY, Entity.Type.CITY, "The capital of {subject} is", "{subject} has its capital in",
            "The government of {subject} sits in", "Parliament in {subject} meets in the city of",
            "What is the capital of {subject}?", "Which city is the capital of {subject}?"),
    OFFICIAL_LANGUAGE(Entity.Type.COUNTRY, Entity.Type.LANGUAGE, "The official language of {subject} is",
            "In {subject}, the official language is", "Laws in {subject} are written in",
            "Schools across {subject} teach in", "What is the official language of {subject}?",
            "Which language is official in {subject}?"),
    WRITTEN_BY(Entity.Type.WORK, Entity.Type.PERSON, "{subject} was written by", "The author of {subject} is",
            "The book {subject} came from the pen of", "Readers of {subject} know that it was written by",
            "Who wrote {subject}?", "Who is the author of {subject}?");

    private final Entity.Type subjectType;
    private final Entity.Type objectType;
    private final List<Template> templates;

    Relation(Entity.Type subjectType, Entity.Type objectType, String... patterns) {
        this.subjectType = subjectType;
        this.objectType = objectType;
        List<Template> list = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            // pairs of cloze, statement, question; the second statement and the second question are held out
            Template.Kind kind = Template.Kind.values()[i / 2];
            list.add(new Template(label() + "." + i, this, kind, patterns[i], i == 3 || i == 5));
        }
        this.templates = List.copyOf(list);
    }

    /** The spelling used in files, e.g. {@code born_in}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Entity.Type subjectType() {
        return subjectType;
    }

    public Entity.Type objectType() {
        return objectType;
    }

    /** All six templates in a fixed order; the first is the edit prompt. */
    public List<Template> templates() {
        return templates;
    }

    /** Templates whose statements make up the pretraining corpus. */
    public List<Template> pretrainingTemplates() {
        return templates.stream().filter(t -> !t.heldOut()).toList();
    }

    /** Templates kept out of pretraining to measure generalisation (the edit items' paraphrases). */
    public List<Template> heldOutTemplates() {
        return templates.stream().filter(Template::heldOut).toList();
    }
}
