package engram.knowledge.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a change is, as its folder's {@code edit.json} says: the kind of folder, the method that made it, the
 * items it concerns, the base model it is bound to, and the fields its kind adds (an edit's {@code config}; an
 * unlearning's {@code weights}, {@code layers} and {@code trainings}).
 *
 * @param format    the folder's kind: {@value ChangeFiles#EDIT} or {@value ChangeFiles#UNLEARNING}
 * @param method    the method's name ({@code LORA}, {@code UNLEARN}, ...)
 * @param fields    the kind's own fields, written into {@code edit.json} beside the common ones; never null
 * @param itemIds   ids of the items the change writes in or takes out (may be empty)
 * @param baseModel the model it was made on, {@code sha256:<hex>} (PEFT's {@code base_model_name_or_path}); null
 *                  while unbound
 */
public record Description(String format, String method, ObjectNode fields, List<String> itemIds, String baseModel) {
    /** Copies the ids; an absent {@code fields} is an empty object. */
    public Description {
        fields = fields == null ? JsonNodeFactory.instance.objectNode() : fields.deepCopy();
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    }

    /** The kind's field {@code name}, or a missing node. */
    public JsonNode field(String name) {
        return fields.path(name);
    }

    /** The same description bound to {@code model} ({@code sha256:<hex>}). */
    public Description boundTo(String model) {
        return new Description(format, method, fields, itemIds, model);
    }
}
