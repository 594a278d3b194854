package engram.world;

/**
 * One true statement of the world: a subject, a relation and the single object it maps the subject to.
 *
 * @param id       stable identifier, {@code fact-<number>}
 * @param relation the relation
 * @param subject  the entity the fact is about
 * @param object   the one correct answer
 */
public record Fact(String id, Relation relation, Entity subject, Entity object) {

    /** The probe target: the object's name with its leading space. */
    public String target() {
        return Template.target(object.name());
    }

    /** The fact rendered with one template as a full sentence. */
    public String statement(Template template) {
        return template.statement(subject.name(), object.name());
    }
}
