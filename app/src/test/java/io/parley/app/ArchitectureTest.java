package io.parley.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hexagon's dependency rules, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parley");

    @Test
    void theDomainDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("io.parley.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.parley.domain..", "java..")
                .because("the core never learns that WhatsApp, HTTP, JSON, SQL or Micronaut exist")
                .check(PARLEY);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        String[] adapters = {"io.parley.adapters.eventgrid..", "io.parley.adapters.persistence..",
                "io.parley.adapters.acs.."};
        for (String adapter : adapters) {
            for (String other : adapters) {
                if (!adapter.equals(other)) {
                    noClasses().that().resideInAPackage(adapter)
                            .should().dependOnClassesThat().resideInAPackage(other)
                            .check(PARLEY);
                }
            }
        }
    }

    @Test
    void nothingButTheAppDependsOnTheApp() {
        noClasses().that().resideOutsideOfPackage("io.parley.app..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.app..")
                .check(PARLEY);
    }
}
