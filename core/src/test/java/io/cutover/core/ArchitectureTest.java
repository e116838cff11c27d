package io.cutover.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules stay plain Java: no framework, messaging or transport in core. */
@AnalyzeClasses(packages = "io.cutover.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noFrameworkInCore = noClasses().that().resideInAPackage("io.cutover.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta..", "io.smallrye..", "org.apache.kafka..", "io.grpc..", "io.vertx..",
                    "org.eclipse.microprofile..");

    @ArchTest
    static final ArchRule noWallClockInCore = noClasses().that().resideInAPackage("io.cutover.core..")
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis");
}
