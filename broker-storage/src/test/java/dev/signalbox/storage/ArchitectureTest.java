package dev.signalbox.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of STYLE.md, enforced. */
@AnalyzeClasses(packages = "dev.signalbox.storage", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheAdapterTouchesVertx = noClasses()
            .that()
            .resideOutsideOfPackage("dev.signalbox.storage.vertx..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx..");

    @ArchTest
    static final ArchRule theEngineDoesNotDependOnTheAdapter = noClasses()
            .that()
            .resideOutsideOfPackage("dev.signalbox.storage.vertx..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signalbox.storage.vertx..");

    @ArchTest
    static final ArchRule thePartsDoNotDependOnTheWiring = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.signalbox.storage.log..",
                    "dev.signalbox.storage.queue..",
                    "dev.signalbox.storage.index..",
                    "dev.signalbox.storage.offsets..",
                    "dev.signalbox.storage.docs..",
                    "dev.signalbox.storage.file..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signalbox.storage.embedded..");
}
