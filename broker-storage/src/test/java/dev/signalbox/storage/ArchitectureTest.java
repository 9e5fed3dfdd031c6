package dev.signalbox.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/** The package rules of STYLE.md, enforced. */
@AnalyzeClasses(packages = "dev.signalbox.storage", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ADAPTER = "dev.signalbox.storage.vertx..";

    @ArchTest
    static final ArchRule theEnginePackagesDoNotImportVertx = noClasses()
            .that()
            .resideOutsideOfPackage(ADAPTER)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx..")
            .because("only the adapter package turns the store's completions into Vert.x futures (STYLE.md)");

    @ArchTest
    static final ArchRule theEngineDoesNotDependOnTheAdapter = noClasses()
            .that()
            .resideOutsideOfPackage(ADAPTER)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ADAPTER);

    @ArchTest
    static final ArchRule theEventLoopCodeDoesNoFileIo = noClasses()
            .that()
            .resideInAPackage(ADAPTER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.nio.file..", "java.nio.channels..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.RandomAccessFile")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileInputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.nio.MappedByteBuffer")
            .because("event-loop threads never touch files (STYLE.md)");

    private static final Set<String> BLOCKING_STORE_CALLS =
            Set.of("read", "fetch", "lookup", "earliestOffset", "setTopicTtl", "offsets", "documents", "close");

    /**
     * Every adapter method that makes a blocking store call (lambda bodies count as their enclosing
     * method) hands work to {@code executeBlocking}: the call runs on a worker, never on the loop.
     */
    @ArchTest
    static final ArchRule theAdapterMakesBlockingStoreCallsOnlyThroughExecuteBlocking = methods()
            .that()
            .areDeclaredInClassesThat()
            .resideInAPackage(ADAPTER)
            .should(new ArchCondition<JavaMethod>("call blocking store methods only with executeBlocking") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    boolean blocking = method.getMethodCallsFromSelf().stream()
                            .anyMatch(call -> call.getTargetOwner().isAssignableTo(MessageStore.class)
                                    && BLOCKING_STORE_CALLS.contains(call.getName()));
                    boolean offloaded = method.getMethodCallsFromSelf().stream()
                            .anyMatch(call -> call.getName().equals("executeBlocking"));
                    if (blocking && !offloaded) {
                        events.add(SimpleConditionEvent.violated(
                                method, method.getFullName() + " makes a blocking store call without executeBlocking"));
                    }
                }
            });

    @ArchTest
    static final ArchRule thePartsDoNotDependOnTheWiring = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.signalbox.storage.log..",
                    "dev.signalbox.storage.queue..",
                    "dev.signalbox.storage.index..",
                    "dev.signalbox.storage.offsets..",
                    "dev.signalbox.storage.docs..",
                    "dev.signalbox.storage.file..",
                    "dev.signalbox.storage.retention..",
                    "dev.signalbox.storage.timer..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.signalbox.storage.embedded..");
}
