package io.parley.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.micronaut.context.annotation.Factory;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's rules inside the modules, where Maven's module graph cannot see: the direction of dependencies
 * between the domain's layers, what the domain may use of the JDK, how adapters reach the core, and that adapters
 * keep their internals to themselves. (That the domain depends on no library and adapters not on each other is the
 * module graph's job: domain/pom.xml bans dependencies, and no adapter POM names another.)
 */
class ArchitectureTest {

    static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the adapters' test jars (stand-ins shared with the app's tests) are tests too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.parley");

    /** The model is the innermost ring: it knows no use case, no port and no service. */
    static final ArchRule MODEL_IS_INNERMOST = noClasses().that().resideInAPackage("io.parley.domain.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.domain.port..", "io.parley.domain.service..")
            .because("business rules must not depend on how they are used or stored");

    /** Ports describe what the core offers and needs; they do not depend on how the core does it. */
    static final ArchRule PORTS_DO_NOT_KNOW_SERVICES = noClasses().that().resideInAPackage("io.parley.domain.port..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.domain.service..");

    /** The core never learns that SQL, HTTP or a UI exist, not even through the JDK. */
    static final ArchRule DOMAIN_USES_NO_INFRASTRUCTURE = noClasses().that().resideInAPackage("io.parley.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net..",
                    "javax.net..", "java.awt..", "javax.swing..", "java.rmi..", "javax.naming..")
            .because("the core never learns that WhatsApp, HTTP, JSON, SQL or Micronaut exist");

    /** Adapters call the core through its ports (in and out), never a service class directly. */
    static final ArchRule ADAPTERS_USE_PORTS = noClasses().that().resideInAPackage("io.parley.adapters..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.domain.service..")
            .because("the app wires services to ports; an adapter that names a service bypasses the port");

    /** An adapter's classes are its own: only the factories the app refers to may be public. */
    static final ArchRule ADAPTER_INTERNALS_ARE_PRIVATE = classes().that().resideInAPackage("io.parley.adapters..")
            .and().areTopLevelClasses().and().areNotAnnotatedWith(Factory.class)
            // Micronaut's generated bean definitions ($Foo$Definition) are public by design
            .and().haveNameNotMatching(".*\\.\\$[^.]*")
            .should().notBePublic()
            .because("entities, DTOs and adapters never leave their module");

    /** Nothing outside the app depends on it: the app is the outermost ring. */
    static final ArchRule NOTHING_DEPENDS_ON_THE_APP = noClasses().that().resideOutsideOfPackage("io.parley.app..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.app..");

    @Test
    void theModelDependsOnNoPortAndNoService() {
        MODEL_IS_INNERMOST.check(PARLEY);
    }

    @Test
    void portsDoNotDependOnServices() {
        PORTS_DO_NOT_KNOW_SERVICES.check(PARLEY);
    }

    @Test
    void theDomainUsesNoInfrastructureOfTheJdk() {
        DOMAIN_USES_NO_INFRASTRUCTURE.check(PARLEY);
    }

    @Test
    void adaptersReachTheCoreThroughPortsOnly() {
        ADAPTERS_USE_PORTS.check(PARLEY);
    }

    @Test
    void adapterInternalsArePackagePrivate() {
        ADAPTER_INTERNALS_ARE_PRIVATE.check(PARLEY);
    }

    @Test
    void nothingButTheAppDependsOnTheApp() {
        NOTHING_DEPENDS_ON_THE_APP.check(PARLEY);
    }

    /** Each rule finds the class written to break it: none of them can pass by pointing at nothing. */
    @Test
    void everyRuleFailsOnAClassThatBreaksIt() throws ClassNotFoundException {
        JavaClasses broken = new ClassFileImporter().importClasses(
                Class.forName("io.parley.domain.model.ArchitectureFixtureModel"),
                Class.forName("io.parley.domain.port.out.ArchitectureFixturePort"),
                Class.forName("io.parley.domain.service.ArchitectureFixtureService"),
                Class.forName("io.parley.adapters.persistence.ArchitectureFixtureAdapter"));
        java.util.Map<ArchRule, String> breakers = new java.util.LinkedHashMap<>();
        breakers.put(MODEL_IS_INNERMOST, "ArchitectureFixtureModel");
        breakers.put(PORTS_DO_NOT_KNOW_SERVICES, "ArchitectureFixturePort");
        breakers.put(DOMAIN_USES_NO_INFRASTRUCTURE, "ArchitectureFixtureService");
        breakers.put(ADAPTERS_USE_PORTS, "ArchitectureFixtureAdapter");
        breakers.put(ADAPTER_INTERNALS_ARE_PRIVATE, "ArchitectureFixtureAdapter");
        breakers.put(NOTHING_DEPENDS_ON_THE_APP, "ArchitectureFixtureModel");
        breakers.forEach((rule, breaker) -> {
            var result = rule.evaluate(broken);
            org.junit.jupiter.api.Assertions.assertTrue(result.hasViolation(), rule.getDescription());
            org.junit.jupiter.api.Assertions.assertTrue(result.getFailureReport().toString().contains(breaker),
                    rule.getDescription() + ": " + result.getFailureReport());
        });
    }
}
