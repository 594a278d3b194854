package engram.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's shape, checked on its compiled main classes: no cycle between any two packages, no framework
 * (Quarkus, AWS, CDI), and each layer imports only the layers below it:
 * eval → knowledge.editor → knowledge.edit.&lt;method&gt; → knowledge.edit → knowledge.change / knowledge.unlearn →
 * knowledge → train / lora → tokenizer → model → model.io, with report beside the bottom (it imports none of
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

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("eval").definedBy("engram.eval..")
                .layer("editor").definedBy("engram.knowledge.editor..")
                .layer("methods").definedBy("engram.knowledge.edit.ft..", "engram.knowledge.edit.lora..",
                        "engram.knowledge.edit.overtone..")
                .layer("edit").definedBy("engram.knowledge.edit")
                .layer("unlearn").definedBy("engram.knowledge.unlearn..")
                .layer("data").definedBy("engram.knowledge.filter..", "engram.knowledge.decompress..")
                .layer("change").definedBy("engram.knowledge.change..")
                .layer("knowledge").definedBy("engram.knowledge")
                .layer("train").definedBy("engram.train..")
                .layer("lora").definedBy("engram.lora..")
                .layer("tokenizer").definedBy("engram.tokenizer..")
                .layer("model").definedBy("engram.model")
                .layer("io").definedBy("engram.model.io..")
                .layer("report").definedBy("engram.report..")
                .whereLayer("eval").mayNotBeAccessedByAnyLayer()
                .whereLayer("editor").mayOnlyBeAccessedByLayers("eval")
                .whereLayer("methods").mayOnlyBeAccessedByLayers("editor", "eval")
                .whereLayer("edit").mayOnlyBeAccessedByLayers("methods", "editor", "eval")
                .whereLayer("unlearn").mayOnlyBeAccessedByLayers("eval")
                .whereLayer("data").mayOnlyBeAccessedByLayers("edit", "methods", "editor", "unlearn", "eval")
                .whereLayer("change").mayOnlyBeAccessedByLayers("edit", "methods", "editor", "unlearn", "eval")
                .whereLayer("knowledge").mayOnlyBeAccessedByLayers("data", "edit", "methods", "editor", "unlearn",
                        "eval", "change")
                .whereLayer("train").mayOnlyBeAccessedByLayers("knowledge", "data", "edit", "methods", "editor",
                        "unlearn", "eval", "change")
                .whereLayer("lora").mayOnlyBeAccessedByLayers("train", "knowledge", "data", "edit", "methods", "editor",
                        "unlearn", "eval", "change")
                .whereLayer("tokenizer").mayOnlyBeAccessedByLayers("lora", "train", "knowledge", "data", "edit",
                        "methods", "editor", "unlearn", "eval", "change")
                .whereLayer("model").mayOnlyBeAccessedByLayers("tokenizer", "lora", "train", "knowledge", "filter",
                        "edit", "methods", "editor", "unlearn", "eval", "change")
                .whereLayer("io").mayOnlyBeAccessedByLayers("model", "tokenizer", "lora", "train", "knowledge", "filter",
                        "edit", "methods", "editor", "unlearn", "eval", "change")
                .check(library);
    }
}
