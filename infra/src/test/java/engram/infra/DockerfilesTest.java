package engram.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs here, so the Dockerfiles are parsed: instructions (with line
 * continuations), build arguments, and the rules every engram image keeps.
 */
class DockerfilesTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern PINNED_TAG = Pattern.compile("[^:@\\s]+:\\d+(\\.\\d+)+[-_.\\w]*(@sha256:[0-9a-f]{64})?");

    /** One instruction: its keyword and its arguments, continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    static List<Instruction> parse(String dockerfile) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKER.resolve(dockerfile))) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString();
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    /** FROM lines with their ARG defaults substituted; stage names (FROM x AS y) resolve to the stage. */
    static List<String> baseImages(List<Instruction> instructions) {
        Map<String, String> arguments = new HashMap<>();
        List<String> stages = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ARG") && instruction.arguments().contains("=")) {
                String[] pair = instruction.arguments().split("=", 2);
                arguments.putIfAbsent(pair[0], pair[1]);
            }
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split("\\s+");
                Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(words[0]);
                String image = variable.replaceAll(match -> arguments.getOrDefault(match.group(1), match.group()));
                if (!stages.contains(image)) {
                    images.add(image);
                }
                if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                    stages.add(words[2]);
                }
            }
        }
        return images;
    }

    private static List<String> values(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "gpu.Dockerfile", "lambda.Dockerfile"})
    void baseImagesArePinnedToAFullRelease(String dockerfile) throws IOException {
        List<String> images = baseImages(parse(dockerfile));
        assertFalse(images.isEmpty());
        for (String image : images) {
            assertTrue(PINNED_TAG.matcher(image).matches(), dockerfile + ": " + image + " is not pinned");
            assertFalse(image.contains("latest"), image);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "gpu.Dockerfile", "lambda.Dockerfile"})
    void theFinalStageRunsAsAnUnprivilegedUser(String dockerfile) throws IOException {
        List<String> users = values(parse(dockerfile), "USER");
        assertFalse(users.isEmpty(), dockerfile + " sets no USER");
        String last = users.get(users.size() - 1);
        assertFalse(last.equals("root") || last.equals("0") || last.startsWith("0:"), dockerfile + ": USER " + last);
        assertTrue(Files.readString(DOCKER.resolve(dockerfile)).contains("useradd --system --uid 10001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "gpu.Dockerfile"})
    void serverImagesHaveAHealthCheckOnTheHttpPort(String dockerfile) throws IOException {
        List<Instruction> instructions = parse(dockerfile);
        List<String> checks = values(instructions, "HEALTHCHECK");
        assertEquals(1, checks.size(), dockerfile);
        assertTrue(checks.get(0).contains("CMD") && checks.get(0).contains("/dev/tcp/127.0.0.1/8080"), checks.get(0));
        assertTrue(values(instructions, "EXPOSE").contains("8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "gpu.Dockerfile", "lambda.Dockerfile"})
    void everythingTheProcessWritesIsUnderTmp(String dockerfile) throws IOException {
        String environment = String.join(" ", values(parse(dockerfile), "ENV"));
        assertTrue(environment.contains("DJL_CACHE_DIR=/tmp/"), dockerfile + ": " + environment);
        assertTrue(environment.contains("ENGRAM_CACHE_DIR=/tmp/"), dockerfile + ": " + environment);
        assertTrue(environment.contains("DJL_OFFLINE=true"), dockerfile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "lambda.Dockerfile"})
    void theCpuImagesPreloadTheTcmallocTheyInstall(String dockerfile) throws IOException {
        List<Instruction> instructions = parse(dockerfile);
        assertTrue(values(instructions, "RUN").stream().anyMatch(run ->
                run.contains("apt-get install") && run.contains("libtcmalloc-minimal4")), dockerfile);
        assertTrue(String.join(" ", values(instructions, "ENV"))
                .contains("LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"), dockerfile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "lambda.Dockerfile"})
    void libtorchIsUnpackedAtBuildTimeIntoTheReadOnlyEngineCache(String dockerfile) throws IOException {
        List<Instruction> instructions = parse(dockerfile);
        assertTrue(values(instructions, "RUN").stream().anyMatch(run ->
                run.contains("ENGINE_CACHE_DIR=/opt/djl/engine") && run.contains("PrefetchNatives.java")), dockerfile);
        assertTrue(String.join(" ", values(instructions, "ENV")).contains("ENGINE_CACHE_DIR=/opt/djl/engine"), dockerfile);
        assertTrue(values(instructions, "COPY").contains("--from=natives /opt/djl/engine /opt/djl/engine"), dockerfile);
    }

    @Test
    void theGpuImageLoadsDjlsCudaLibtorchForPyTorch271() throws IOException {
        List<Instruction> instructions = parse("gpu.Dockerfile");
        assertTrue(baseImages(instructions).stream().anyMatch(image -> image.startsWith("nvidia/cuda:12.8")));
        String environment = String.join(" ", values(instructions, "ENV"));
        assertTrue(environment.contains("PYTORCH_LIBRARY_PATH=/opt/libtorch"), environment);
        assertTrue(environment.contains("PYTORCH_FLAVOR=cu128"), environment);
        assertTrue(values(instructions, "ARG").contains("PYTORCH_VERSION=2.7.1"));
        assertTrue(values(instructions, "RUN").stream().anyMatch(run ->
                run.contains("ai.djl.pytorch:pytorch-native-cu128:${PYTORCH_VERSION}:jar:linux-x86_64")));
    }

    @Test
    void theCpuImageRunsTheCommandTheReadmeUsesLocally() throws IOException {
        String cmd = values(parse("cpu.Dockerfile"), "CMD").get(0);
        List<String> words = new ArrayList<>();
        new ObjectMapper().readTree(cmd).forEach(word -> words.add(word.asText()));
        String command = String.join(" ", words);

        assertEquals("java -jar quarkus-app/quarkus-run.jar", command);
        assertTrue(Files.readString(Path.of("README.md")).contains("cd functions/target && " + command),
                "infra/README.md runs the functions locally with the image's command");
    }

    @Test
    void theLambdaImageStartsTheRuntimeClientWithTheFunqyHandler() throws IOException {
        List<Instruction> instructions = parse("lambda.Dockerfile");
        assertTrue(values(instructions, "ENTRYPOINT").get(0)
                .contains("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"));
        assertEquals("[\"" + CpuFunctions.FUNQY_HANDLER + "\"]", values(instructions, "CMD").get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu.Dockerfile", "gpu.Dockerfile", "lambda.Dockerfile"})
    void everyFileTheImagesCopyFromTheRepositoryExists(String dockerfile) throws IOException {
        for (String copy : values(parse(dockerfile), "COPY")) {
            if (copy.startsWith("--from=")) {
                continue;
            }
            String[] words = copy.replaceAll("--chmod=\\S+\\s+", "").split("\\s+");
            String source = words[0];
            if (source.startsWith("infra/docker/")) {
                assertTrue(Files.exists(Path.of("..").resolve(source)), dockerfile + " copies missing " + source);
            } else {
                assertTrue(source.startsWith("functions/target/"), dockerfile + " copies " + source);
            }
            assertTrue(Files.readString(DOCKER.resolve(dockerfile + ".dockerignore"))
                    .contains("!" + (source.startsWith("infra/") ? "infra/docker/" : source.replaceAll("/$", ""))),
                    dockerfile + ".dockerignore must let " + source + " through");
        }
    }
}
