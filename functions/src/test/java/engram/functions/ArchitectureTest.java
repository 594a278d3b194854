package engram.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the functions module, checked on its compiled classes: the packages under
 * {@code engram.functions} and {@code engram.cli} form a DAG, in these layers from the bottom up, and each layer
 * uses only layers below it.
 *
 * <pre>
 * errors      the workflow's error vocabulary (its class names are the Step Functions error names)
 * config      the deployment's configuration (engram.*)
 * api         the JSON contract: requests, results, workflow inputs, ArtifactRef, Keys, Money
 * storage     the artifact store (S3 or a folder) and a request's outputs
 * runtime     models loaded in this container, their disk cache, edit folders put into effect
 * functions   one class per Funqy function, their shared call context, the FunctionRegistry
 * workflow    the embedded runner wired to the functions of this process, local inputs
 * ondemand    the on-demand edit API's jobs (POST /edits)
 * http | lambda | cli   the entry points, side by side: none uses another
 * </pre>
 */
class ArchitectureTest {

    /** Each layer and the packages that make it, bottom first. */
    private static final Map<String, String> STACK = new LinkedHashMap<>();
    /** The entry points: each may use the whole stack, and none may use another entry point. */
    private static final Map<String, String> ENTRY_POINTS = new LinkedHashMap<>();

    static {
        STACK.put("errors", "engram.functions.errors..");
        STACK.put("config", "engram.functions.config..");
        STACK.put("api", "engram.functions.api..");
        STACK.put("storage", "engram.functions.storage..");
        STACK.put("runtime", "engram.functions.runtime..");
        STACK.put("functions", "engram.functions");
        STACK.put("workflow", "engram.functions.workflow..");
        STACK.put("ondemand", "engram.functions.ondemand..");
        ENTRY_POINTS.put("http", "engram.functions.http..");
        ENTRY_POINTS.put("lambda", "engram.functions.lambda..");
        ENTRY_POINTS.put("cli", "engram.cli..");
    }

    /** The main classes only; the lambda package is compiled only in the Lambda build (-Dlambda). */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("engram.functions", "engram.cli");

    @Test
    void packagesUnderFunctionsAndCliHaveNoCycles() {
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                String name = type.getPackageName();
                boolean ours = name.equals("engram.functions") || name.startsWith("engram.functions.")
                        || name.equals("engram.cli") || name.startsWith("engram.cli.");
                return ours ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package under engram.functions and engram.cli";
            }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .optionalLayer("lambda").definedBy(ENTRY_POINTS.get("lambda"));
        for (Map.Entry<String, String> layer : STACK.entrySet()) {
            layers = layers.layer(layer.getKey()).definedBy(layer.getValue());
        }
        for (String entry : List.of("http", "cli")) {
            layers = layers.layer(entry).definedBy(ENTRY_POINTS.get(entry));
        }
        List<String> stack = List.copyOf(STACK.keySet());
        for (int i = 0; i < stack.size(); i++) {
            List<String> below = stack.subList(0, i);
            layers = below.isEmpty() ? layers.whereLayer(stack.get(i)).mayNotAccessAnyLayer()
                    : layers.whereLayer(stack.get(i)).mayOnlyAccessLayers(below.toArray(String[]::new));
        }
        for (String entry : ENTRY_POINTS.keySet()) {
            layers = layers.whereLayer(entry).mayOnlyAccessLayers(stack.toArray(String[]::new));
        }
        layers.check(CLASSES);
    }

    @Test
    void everyPackageBelongsToALayer() {
        String[] all = java.util.stream.Stream.concat(STACK.values().stream(), ENTRY_POINTS.values().stream())
                .toArray(String[]::new);
        classes().that().resideInAnyPackage("engram.functions..", "engram.cli..")
                .should().resideInAnyPackage(all)
                .because("a package outside the layers would escape the layering rule; add it to " + Arrays.toString(all))
                .check(CLASSES);
    }
}
