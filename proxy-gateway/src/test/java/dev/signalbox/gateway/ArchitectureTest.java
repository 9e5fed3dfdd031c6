package dev.signalbox.gateway;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md and STYLE.md, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.signalbox");
    }

    @Test
    void plainJavaModulesHaveNoEventLoop() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.signalbox.core..", "dev.signalbox.rules..", "dev.signalbox.schema..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vertx..")
                .check(classes);
    }

    @Test
    void onlyTheStoreAdapterKnowsVertx() {
        noClasses()
                .that()
                .resideInAPackage("dev.signalbox.storage..")
                .and()
                .resideOutsideOfPackage("dev.signalbox.storage.vertx..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vertx..")
                .check(classes);
    }

    @Test
    void dependenciesPointOneWay() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.signalbox.gateway..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.signalbox.gateway..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.signalbox.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.signalbox.storage..",
                        "dev.signalbox.rules..",
                        "dev.signalbox.schema..",
                        "dev.signalbox.connectors..")
                .check(classes);
        siblingsIndependent(
                "dev.signalbox.storage..",
                "dev.signalbox.rules..",
                "dev.signalbox.connectors..",
                "dev.signalbox.schema..");
        siblingsIndependent(
                "dev.signalbox.rules..",
                "dev.signalbox.storage..",
                "dev.signalbox.connectors..",
                "dev.signalbox.schema..");
        siblingsIndependent(
                "dev.signalbox.connectors..",
                "dev.signalbox.storage..",
                "dev.signalbox.rules..",
                "dev.signalbox.schema..");
        siblingsIndependent(
                "dev.signalbox.schema..",
                "dev.signalbox.storage..",
                "dev.signalbox.rules..",
                "dev.signalbox.connectors..");
    }

    /**
     * HTTP handlers, and the lean events path in front of the router ({@code http.EventIngress}
     * and the classes nested in it: a request's exchange), answer through {@code Replies.after}:
     * what an onComplete or onSuccess callback throws goes to the event loop and the request is
     * never answered.
     */
    @Test
    void handlersAnswerWhereAThrowReachesTheRoute() {
        noClasses()
                .that(simpleNameEndingWith("Handlers")
                        .and(resideInAPackage("dev.signalbox.gateway.."))
                        .or(nameMatching("dev\\.signalbox\\.gateway\\.http\\.EventIngress(\\$.*)?")))
                .should()
                .callMethodWhere(
                        target(nameMatching("onComplete|onSuccess")).and(target(owner(assignableTo(Future.class)))))
                .because("what such a callback throws goes to the event loop, not to the route, and the"
                        + " request is never answered; answer through Replies.after")
                .check(classes);
    }

    /**
     * The gRPC side of the rule above, for a gRPC handler and the classes nested in it (a stream's
     * state): what an onComplete or onSuccess callback throws goes to the event loop and the call
     * is never ended; the owner test catches CompositeFuture's own onComplete too.
     */
    @Test
    void grpcHandlersEndTheCallWhereAnAnswerThrows() {
        noClasses()
                .that()
                .haveNameMatching("dev\\.signalbox\\.gateway\\.grpc\\..*Handler(\\$.*)?")
                .should()
                .callMethodWhere(
                        target(nameMatching("onComplete|onSuccess")).and(target(owner(assignableTo(Future.class)))))
                .because("what such a callback throws goes to the event loop, not to the call, and the client"
                        + " waits for its deadline; answer through grpc.Answers.after")
                .check(classes);
    }

    /**
     * Vert.x hands what a gRPC call handler throws to the event loop and the client sees UNKNOWN;
     * grpc.Answers.bind ends it INTERNAL, so every call handler goes through it.
     */
    @Test
    void grpcCallHandlersAreBoundThroughAnswers() {
        noClasses()
                .that()
                .resideInAPackage("dev.signalbox.gateway..")
                .and()
                .doNotHaveFullyQualifiedName("dev.signalbox.gateway.grpc.Answers")
                .should()
                .callMethodWhere(target(nameMatching("callHandler")).and(target(owner(assignableTo(GrpcServer.class)))))
                .because("what a call handler throws reaches the event loop and the client sees UNKNOWN;"
                        + " bind it with grpc.Answers.bind")
                .check(classes);
    }

    private static void siblingsIndependent(String module, String... siblings) {
        noClasses()
                .that()
                .resideInAPackage(module)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(siblings)
                .allowEmptyShould(true)
                .because("sibling modules depend only on event-core, never on one another")
                .check(classes);
    }
}
