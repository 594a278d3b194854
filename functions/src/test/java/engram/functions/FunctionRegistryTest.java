package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.funqy.Funq;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@link FunctionRegistry} lists every function and is the list infra deploys. When a function is added, run
 * this test once with {@code -Dengram.write-deployment=true} to regenerate infra's copy.
 */
class FunctionRegistryTest {
    /** infra's copy of {@link FunctionRegistry#deploymentJson()} (tests run in functions/). */
    static final Path INFRA_COPY = Path.of("..", "infra", "src", "main", "resources", "engram", "infra", "functions.json");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("engram.functions", "engram.cli");

    @Test
    void everyFunqyFunctionOfTheArtifactIsRegisteredOnceWithTheRequestItReads() {
        Set<String> funqy = MAIN.stream()
                .filter(type -> type.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(Funq.class)))
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> registered = FunctionRegistry.all().stream().map(f -> f.type().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(funqy, registered, "every class with a @Funq method, and only those, is in FunctionRegistry");
        assertEquals(FunctionRegistry.all().size(), new HashSet<>(FunctionRegistry.names()).size(), "names are unique");
        for (FunctionRegistry.Entry function : FunctionRegistry.all()) {
            JavaClass type = MAIN.get(function.type());
            assertTrue(type.getDirectDependenciesFromSelf().stream()
                            .anyMatch(d -> d.getTargetClass().isEquivalentTo(function.requestType())),
                    function.name() + " reads " + function.requestType().getSimpleName());
        }
    }

    @Test
    void everyPriceIsTheKeyOfARegisteredFunction() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = FunctionRegistryTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Set<String> priced = properties.stringPropertyNames().stream().filter(k -> k.startsWith("engram.prices."))
                .map(k -> k.substring("engram.prices.".length(), k.lastIndexOf('.'))).collect(Collectors.toSet());
        Set<String> keys = FunctionRegistry.all().stream().map(FunctionRegistry.Entry::priceKey).collect(Collectors.toSet());
        assertTrue(keys.containsAll(priced), "prices of unknown functions: " + priced + " vs " + keys);
    }

    @Test
    void infraDeploysExactlyTheRegisteredFunctions() throws IOException {
        String expected = FunctionRegistry.deploymentJson();
        if (Boolean.getBoolean("engram.write-deployment")) {
            Files.writeString(INFRA_COPY, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(INFRA_COPY, StandardCharsets.UTF_8),
                INFRA_COPY + " is not FunctionRegistry.deploymentJson(); regenerate it with"
                        + " -Dtest=FunctionRegistryTest -Dengram.write-deployment=true");
    }
}
