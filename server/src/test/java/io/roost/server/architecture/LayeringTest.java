package io.roost.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * THINK BEFORE CHANGING: these rules are the architecture (../shared/design.md section 2).
 * Protocol modules are translators that never talk to each other; broker-core knows no protocol,
 * no network library and no store product. Loosen a rule only with the design changed first.
 */
class LayeringTest {

    private static final String[] PROTOCOLS = {"io.roost.mqtt..", "io.roost.amqp..", "io.roost.http.."};

    private static final JavaClasses ROOST = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.roost");

    static List<ArchRule> rules() {
        return List.of(
                noClasses().that().resideInAPackage("io.roost.core..")
                        .should().dependOnClassesThat().resideInAnyPackage(
                                "io.roost.mqtt..", "io.roost.amqp..", "io.roost.http..",
                                "io.roost.registry..", "io.roost.server..", "io.roost.store..",
                                "io.netty..", "org.apache.qpid..",
                                "org.sqlite..", "org.postgresql..", "org.apache.kafka..", "java.sql..")
                        .because("broker-core knows no protocol and no store product"),
                protocolMustNotUse("io.roost.mqtt..", "io.roost.amqp..", "io.roost.http..", "io.roost.server.."),
                protocolMustNotUse("io.roost.amqp..", "io.roost.mqtt..", "io.roost.http..", "io.roost.server.."),
                protocolMustNotUse("io.roost.http..", "io.roost.mqtt..", "io.roost.amqp..", "io.roost.server.."),
                noClasses().that().resideInAPackage("io.roost.registry..")
                        .should().dependOnClassesThat().resideInAnyPackage(PROTOCOLS)
                        .orShould().dependOnClassesThat().resideInAPackage("io.roost.server..")
                        .allowEmptyShould(true)
                        .because("the registry serves every protocol and knows none"),
                noClasses().that().resideInAPackage("io.roost.store..")
                        .should().dependOnClassesThat().resideInAnyPackage(PROTOCOLS)
                        .orShould().dependOnClassesThat().resideInAnyPackage("io.roost.server..", "io.roost.registry..")
                        .allowEmptyShould(true)
                        .because("stores keep the core's state and know no protocol"));
    }

    private static ArchRule protocolMustNotUse(String protocol, String... others) {
        return noClasses().that().resideInAPackage(protocol)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true)
                .because("protocol modules translate frames to core calls and never talk to each other");
    }

    @Test
    void modules_respect_the_layering() {
        for (ArchRule rule : rules()) {
            rule.check(ROOST);
        }
    }

    @Test
    void rules_catch_a_violation() {
        JavaClasses violating = new ClassFileImporter().importClasses(
                io.roost.core.fixture.CoreClassUsingServer.class, io.roost.server.fixture.ServerMarker.class);
        EvaluationResult result = rules().get(0).evaluate(violating);
        assertThat(result.hasViolation()).isTrue();
    }
}
