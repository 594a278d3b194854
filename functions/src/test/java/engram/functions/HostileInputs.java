package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates hostile inputs from valid shapes, seeded: every request body of every function mutated field by field
 * (wrong types, special numbers, hostile strings, unknown and missing fields), raw bodies that are not the JSON they
 * claim to be, dataset lines broken the same ways, and safetensors files cut short or with lying headers.
 */
final class HostileInputs {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Writes every non-ASCII character as an escape, so that lone surrogates reach the server as written. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ESCAPING = JSON.writer()
            .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One input and what it is. */
    record Attack(String category, String target, String description, byte[] body) {}

    /** Strings that must never become a key, a run id, an enum or a number. */
    static final List<String> STRINGS = List.of("../x", "../../engram-escape-1", "/etc/passwd", "/abs/key", "a/../../b",
            "a//b", "./a", "a/./b", ".", "..", "", " ", "\t", "a\u0000b", "a\\b", "C:\\Windows\\engram-escape-2",
            "runs/other-run/x.jsonl", "runs/other-run/", "runs/hostile/../other-run/x", "s3://other-bucket/../x", "s3://",
            "s3:///key", "s3://UPPER/key", "s3://a/b/../../engram-escape-3", "\ud800", "a\udc00b", "key\ud83d",
            "\u202eevil", "\u200b", "\ufeffkey", "\u0085", "\u2028", "NaN", "Infinity", "-0", "1e400", "null", "true",
            "${jndi:ldap://127.0.0.1/x}", "'; DROP TABLE runs; --", "%00", "..%2f..%2fengram-escape-4", "~/x", "CON",
            "x".repeat(2_000), "y".repeat(100_000), "é/ñ/中文/🙂", "\r\n", "lora", "LORA ");

    /** Values of every JSON type, and numbers no field accepts. */
    static final List<JsonNode> VALUES = List.of(NODES.textNode("x"), NODES.numberNode(7), NODES.numberNode(-1),
            NODES.numberNode(0), NODES.numberNode(1.5), NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode(),
            NODES.objectNode(), NODES.numberNode(new java.math.BigDecimal("1e400")),
            NODES.numberNode(new java.math.BigDecimal("-1e400")), NODES.numberNode(new java.math.BigInteger("9223372036854775808")),
            NODES.numberNode(-2147483649L), NODES.numberNode(1e30), NODES.numberNode(-1e-320), NODES.numberNode(3.5e38),
            NODES.arrayNode().add(NODES.arrayNode().add(NODES.objectNode())));

    /** Raw tokens that are not JSON numbers, put where a number goes. */
    static final List<String> RAW_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "--1",
            "0x10", "1e", "undefined", "1_000");

    private final Random random;

    HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    /** Every path (JSON pointer) below the root of {@code tree}. */
    static List<String> paths(JsonNode tree) {
        List<String> out = new ArrayList<>();
        walk(tree, "", out);
        return out;
    }

    private static void walk(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String path = at + "/" + field.getKey();
                out.add(path);
                walk(field.getValue(), path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(at + "/" + i);
                walk(node.get(i), at + "/" + i, out);
            }
        }
    }

    /** {@code tree} with the node at {@code path} replaced (a copy). */
    static JsonNode replace(JsonNode tree, String path, JsonNode value) {
        JsonNode copy = tree.deepCopy();
        int cut = path.lastIndexOf('/');
        JsonNode parent = copy.at(path.substring(0, cut));
        String last = path.substring(cut + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return copy;
    }

    /** {@code tree} without the node at {@code path}. */
    static JsonNode remove(JsonNode tree, String path) {
        JsonNode copy = tree.deepCopy();
        int cut = path.lastIndexOf('/');
        JsonNode parent = copy.at(path.substring(0, cut));
        if (parent instanceof ObjectNode object) {
            object.remove(path.substring(cut + 1));
        } else {
            ((ArrayNode) parent).remove(Integer.parseInt(path.substring(cut + 1)));
        }
        return copy;
    }

    /** The JSON text of {@code tree} with the node at {@code path} written as the raw token {@code raw}. */
    static String withRaw(JsonNode tree, String path, String raw) {
        return text(replace(tree, path, NODES.textNode("__RAW__"))).replace("\"__RAW__\"", raw);
    }

    /**
     * Mutations of one valid shape: {@code perPath} random ones at every path (a value of another type, a hostile
     * string, a raw non-number, removal), plus an unknown field in every object.
     */
    List<Attack> mutations(String category, String target, JsonNode valid, int perPath) {
        List<Attack> out = new ArrayList<>();
        for (String path : paths(valid)) {
            for (int i = 0; i < perPath; i++) {
                int kind = random.nextInt(4);
                if (kind == 0) {
                    JsonNode value = VALUES.get(random.nextInt(VALUES.size()));
                    out.add(attack(category, target, path + " = " + abbreviate(value.toString()), text(replace(valid, path, value))));
                } else if (kind == 1) {
                    String value = STRINGS.get(random.nextInt(STRINGS.size()));
                    out.add(attack(category, target, path + " = \"" + abbreviate(value) + "\"",
                            text(replace(valid, path, NODES.textNode(value)))));
                } else if (kind == 2) {
                    String raw = RAW_NUMBERS.get(random.nextInt(RAW_NUMBERS.size()));
                    out.add(attack(category, target, path + " = " + raw, withRaw(valid, path, raw)));
                } else {
                    out.add(attack(category, target, "without " + path, text(remove(valid, path))));
                }
            }
        }
        out.add(attack(category, target, "unknown top-level field", text(((ObjectNode) valid.deepCopy()).put("modle", 1))));
        for (String path : paths(valid)) {
            if (valid.at(path).isObject()) {
                JsonNode copy = valid.deepCopy();
                ((ObjectNode) copy.at(path)).put("colour", "red");
                out.add(attack(category, target, "unknown field in " + path, text(copy)));
            }
        }
        return out;
    }

    /** Bodies that are not one JSON object of the right size. */
    List<Attack> rawBodies(String target, JsonNode valid) {
        String text = text(valid);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("whitespace body", " \n\t ".getBytes(StandardCharsets.UTF_8));
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("a number", "42".getBytes(StandardCharsets.UTF_8));
        bodies.put("a string", "\"apply\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("an array", ("[" + text + "]").getBytes(StandardCharsets.UTF_8));
        bodies.put("two objects", (text + text).getBytes(StandardCharsets.UTF_8));
        bodies.put("trailing garbage", (text + " x").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 4; i++) {
            int cut = 1 + random.nextInt(text.length() - 1);
            bodies.put("cut at byte " + cut, text.substring(0, cut).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bad = text.getBytes(StandardCharsets.UTF_8);
        bad[bad.length / 2] = (byte) 0xC3;
        bad[bad.length / 2 + 1] = (byte) 0x28;                    // an invalid UTF-8 sequence inside the text
        bodies.put("invalid UTF-8", bad);
        bodies.put("UTF-16", text.getBytes(StandardCharsets.UTF_16));
        bodies.put("byte-order mark", ("\ufeff" + text).getBytes(StandardCharsets.UTF_8));
        bodies.put("nested 5000 deep", ("{\"runId\": " + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("duplicate runId", text.replaceFirst("\\{", "{\"runId\": \"other-run\", ").getBytes(StandardCharsets.UTF_8));
        bodies.put("a comment", ("/* c */" + text).getBytes(StandardCharsets.UTF_8));
        bodies.put("single quotes", text.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
        bodies.put("300 KiB body (above the limit)", text.replaceFirst("\\{", "{\"pad\": \"" + "p".repeat(300 << 10) + "\", ")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("200 KiB runId", withRaw(valid, "/runId", "\"" + "r".repeat(200 << 10) + "\"").getBytes(StandardCharsets.UTF_8));
        List<Attack> out = new ArrayList<>();
        bodies.forEach((description, body) -> out.add(new Attack("body", target, description, body)));
        return out;
    }

    /** A valid dataset line broken every way: each dataset is the valid lines with one broken line among them. */
    List<Attack> brokenLines(String validLine) {
        JsonNode valid = parse(validLine);
        List<Attack> out = new ArrayList<>();
        for (Attack m : mutations("dataset-line", "line", valid, 3)) {
            out.add(m);
        }
        String[] raw = {"", " ", "null", "[]", "42", "\"text\"", "{", validLine.substring(0, validLine.length() / 2),
            validLine + validLine, validLine.replaceFirst("\\{", "{\"id\": \"dup\", "), "{\"id\": \"x\"}",
            "{}", "[" + validLine + "]", "{\"id\": " + "[".repeat(3000) + "]".repeat(3000) + "}",
            validLine.replace("\"prompt\":\"", "\"prompt\":\"\\ud800"), "\u0000" + validLine,
            validLine.replace("\"id\":\"", "\"id\":\"" + "i".repeat(100_000))};
        for (int i = 0; i < raw.length; i++) {
            out.add(new Attack("dataset-line", "line", "raw line " + i + ": " + abbreviate(raw[i]),
                    raw[i].getBytes(StandardCharsets.UTF_8)));
        }
        byte[] notUtf8 = validLine.getBytes(StandardCharsets.UTF_8);
        notUtf8[10] = (byte) 0xFF;
        out.add(new Attack("dataset-line", "line", "a byte that is not UTF-8", notUtf8));
        return out;
    }

    /** A safetensors file cut short or with a header that lies about its data. */
    List<Attack> lyingSafetensors(String name, byte[] valid) {
        List<Attack> out = new ArrayList<>();
        long headerLength = ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (long cut : new long[] {0, 4, 8, 8 + headerLength / 2, 8 + headerLength, valid.length / 2, valid.length - 1}) {
            out.add(new Attack("safetensors", name, "cut to " + cut + " of " + valid.length + " bytes",
                    Arrays.copyOf(valid, (int) cut)));
        }
        for (long length : new long[] {valid.length, 0, 1, Long.MAX_VALUE, -1, headerLength - 1, headerLength + 1,
            100_000_001}) {
            byte[] lie = valid.clone();
            ByteBuffer.wrap(lie, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
            out.add(new Attack("safetensors", name, "header length " + length, lie));
        }
        ObjectNode header = (ObjectNode) parse(new String(valid, 8, (int) headerLength, StandardCharsets.UTF_8));
        byte[] data = Arrays.copyOfRange(valid, (int) (8 + headerLength), valid.length);
        String tensor = header.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("__metadata__")).findFirst().orElseThrow();
        Map<String, JsonNode> lies = new LinkedHashMap<>();
        for (String dtype : List.of("F64", "F16", "I64", "BOOL", "Q8_0", "f32", "")) {
            lies.put("dtype " + dtype, replace(header, "/" + tensor + "/dtype", NODES.textNode(dtype)));
        }
        lies.put("dtype 7", replace(header, "/" + tensor + "/dtype", NODES.numberNode(7)));
        JsonNode shape = header.at("/" + tensor + "/shape");
        lies.put("shape reversed", replace(header, "/" + tensor + "/shape", NODES.arrayNode().add(shape.get(1)).add(shape.get(0))));
        lies.put("shape []", replace(header, "/" + tensor + "/shape", NODES.arrayNode()));
        lies.put("shape [-1, 4]", replace(header, "/" + tensor + "/shape", NODES.arrayNode().add(-1).add(4)));
        lies.put("shape [1e19]", replace(header, "/" + tensor + "/shape", NODES.arrayNode().add(new java.math.BigInteger("10000000000000000000"))));
        lies.put("shape [2^32, 2^32]", replace(header, "/" + tensor + "/shape", NODES.arrayNode().add(1L << 32).add(1L << 32)));
        lies.put("shape of strings", replace(header, "/" + tensor + "/shape", NODES.arrayNode().add("4").add("4")));
        JsonNode offsets = header.at("/" + tensor + "/data_offsets");
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        lies.put("offsets past the file", replace(header, "/" + tensor + "/data_offsets", NODES.arrayNode().add(begin).add(end + 1_000_000)));
        lies.put("offsets reversed", replace(header, "/" + tensor + "/data_offsets", NODES.arrayNode().add(end).add(begin)));
        lies.put("offsets negative", replace(header, "/" + tensor + "/data_offsets", NODES.arrayNode().add(-8).add(end - begin - 8)));
        lies.put("one offset", replace(header, "/" + tensor + "/data_offsets", NODES.arrayNode().add(begin)));
        lies.put("offsets shifted (a hole)", replace(header, "/" + tensor + "/data_offsets", NODES.arrayNode().add(begin + 4).add(end + 4)));
        ObjectNode renamed = header.deepCopy();
        renamed.set("../../engram-escape-5", renamed.remove(tensor));
        lies.put("tensor named ../../engram-escape-5", renamed);
        ObjectNode extra = header.deepCopy();
        extra.set("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight", header.get(tensor).deepCopy());
        lies.put("a second tensor over the same bytes", extra);
        ObjectNode missing = header.deepCopy();
        missing.remove(tensor);
        lies.put("a tensor left out", missing);
        lies.put("metadata not strings", replace(header, "/__metadata__", NODES.objectNode().put("format", 1)));
        lies.put("header an array", NODES.arrayNode());
        lies.put("header null", NODES.nullNode());
        lies.forEach((description, lie) -> out.add(new Attack("safetensors", name, description, withHeader(text(lie), data))));
        String duplicated = text(header).replaceFirst("\\{", "{\"" + tensor + "\": " + header.get(tensor) + ", ");
        out.add(new Attack("safetensors", name, "a tensor named twice", withHeader(duplicated, data)));
        out.add(new Attack("safetensors", name, "header not JSON", withHeader("{\"a\": ", data)));
        return out;
    }

    static byte[] withHeader(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        return out.array();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode tree) {
        try {
            return ESCAPING.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Attack attack(String category, String target, String description, String body) {
        return new Attack(category, target, description, body.getBytes(StandardCharsets.UTF_8));
    }

    static String abbreviate(String s) {
        String visible = s.replaceAll("\\p{Cntrl}", "?");
        return visible.length() <= 60 ? visible : visible.substring(0, 57) + "...";
    }
}
