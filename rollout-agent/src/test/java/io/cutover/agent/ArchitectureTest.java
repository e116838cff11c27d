package io.cutover.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's layers: {@code source/} (the upgrade-source contract and the "cutover" source) stays
 * below the "vega-core" and "cosmos" sources that implement it and the runtime that chooses one;
 * {@code staging/}, which every source's staging shares, stays below them too.
 */
@AnalyzeClasses(packages = "io.cutover.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule sourceStaysBelowItsImplementations = noClasses().that().resideInAPackage("io.cutover.agent.source..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cutover.agent.cosmos..", "io.cutover.agent.vega..", "io.cutover.agent.runtime..", "io.cutover.agent.cli..");

    @ArchTest
    static final ArchRule stagingStaysBelowTheSources = noClasses().that().resideInAPackage("io.cutover.agent.staging..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cutover.agent.source..", "io.cutover.agent.cosmos..", "io.cutover.agent.vega..", "io.cutover.agent.runtime..",
                    "io.cutover.agent.cli..");
}
