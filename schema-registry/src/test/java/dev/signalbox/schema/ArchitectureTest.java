package dev.signalbox.schema;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** schema-registry is plain Java on event-core only: no Vert.x, no other Signalbox module. */
@AnalyzeClasses(packages = "dev.signalbox.schema", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noVertx = noClasses().should().dependOnClassesThat().resideInAPackage("io.vertx..");

    @ArchTest
    static final ArchRule onlyEventCore = noClasses()
            .should()
            .dependOnClassesThat(resideInAPackage("dev.signalbox..")
                    .and(not(resideInAPackage("dev.signalbox.schema..")))
                    .and(not(resideInAPackage("dev.signalbox.core.."))));
}
