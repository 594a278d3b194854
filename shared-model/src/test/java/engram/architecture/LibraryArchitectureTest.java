package engram.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's shape, checked on its compiled main classes: no cycle between any two packages, no framework
 * (Quarkus, AWS, CDI), and each layer imports only the layers below it:
 * eval → knowledge.editor → knowledge.edit.&lt;method&gt; → knowledge.edit → OVERTONE's loss, knowledge.change,
 * knowledge.unlearn, the data packages (filter, decompress) → knowledge → train → lora → tokenizer → model → model.io, with report beside the bottom (it imports none of
 * them). docs/architecture.md draws the same picture.
 */
class LibraryArchitectureTest {
    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("engram");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("engram.(**)").should().beFreeOfCycles().check(library);
    }

    @Test
    void noFrameworkInTheLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "software.amazon..",
                "jakarta.enterprise..", "jakarta.inject..", "com.amazonaws..").check(library);
    }

    /** The layers, top first: each may use any layer below it and none above. */
    private static final List<Map.Entry<String, String[]>> LAYERS = List.of(
            Map.entry("eval", new String[] {"engram.eval.."}),
            Map.entry("editor", new String[] {"engram.knowledge.editor.."}),
            Map.entry("methods", new String[] {"engram.knowledge.edit.ft..", "engram.knowledge.edit.lora.."}),
            Map.entry("edit", new String[] {"engram.knowledge.edit"}),
            Map.entry("loss", new String[] {"engram.knowledge.edit.overtone.."}),
            Map.entry("unlearn", new String[] {"engram.knowledge.unlearn.."}),
            Map.entry("data", new String[] {"engram.knowledge.filter..", "engram.knowledge.decompress.."}),
            Map.entry("change", new String[] {"engram.knowledge.change.."}),
            Map.entry("knowledge", new String[] {"engram.knowledge"}),
            Map.entry("train", new String[] {"engram.train.."}),
            Map.entry("lora", new String[] {"engram.lora.."}),
            Map.entry("tokenizer", new String[] {"engram.tokenizer.."}),
            Map.entry("model", new String[] {"engram.model"}),
            Map.entry("io", new String[] {"engram.model.io.."}),
            Map.entry("report", new String[] {"engram.report.."}));

    @Test
    void layersOnlyLookDown() {
        Architectures.LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map.Entry<String, String[]> layer : LAYERS) {
            rule = rule.layer(layer.getKey()).definedBy(layer.getValue());
        }
        rule = rule.whereLayer(LAYERS.get(0).getKey()).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream().map(Map.Entry::getKey).toArray(String[]::new);
            rule = rule.whereLayer(LAYERS.get(i).getKey()).mayOnlyBeAccessedByLayers(above);
        }
        rule.check(library);
    }
}
