package dev.signalbox.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.TokenStream;

/** The rules engine is plain Java, and event-ruler is an oracle for tests, never the engine. */
@AnalyzeClasses(packages = "dev.signalbox.rules", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noVertx = noClasses().should().dependOnClassesThat().resideInAPackage("io.vertx..");

    @ArchTest
    static final ArchRule eventRulerIsOnlyAnOracle =
            noClasses().should().dependOnClassesThat().resideInAPackage("software.amazon.event.ruler..");

    @ArchTest
    static final ArchRule implDoesNotReachBack = noClasses()
            .that()
            .resideInAnyPackage("dev.signalbox.rules.impl..", "dev.signalbox.rules.transform..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signalbox.rules");

    @ArchTest
    static final ArchRule matchingKnowsNothingOfTransforms = noClasses()
            .that()
            .resideInAPackage("dev.signalbox.rules.impl..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signalbox.rules.transform..");

    /**
     * A CESQL filter is parsed once per rule: the type checks walk the tree the translator built,
     * so they cannot drift from (or pay again for) the parse that the evaluated expression comes from.
     */
    @ArchTest
    static final ArchRule cesqlIsParsedOnlyByTheTranslator = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.signalbox.rules.impl.CesqlTranslator")
            .should()
            .callConstructor(CESQLParserParser.class, TokenStream.class)
            .orShould()
            .callConstructor(CESQLParserLexer.class, CharStream.class);
}
