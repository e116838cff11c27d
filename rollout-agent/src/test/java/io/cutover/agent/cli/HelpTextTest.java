package io.cutover.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cutover.agent.AgentCommand;
import io.cutover.testing.HelpTexts;

class HelpTextTest {

    @Test
    void everyLineOfTheHelpIsAWholeSentence() {
        assertThat(HelpTexts.linesNotEndingASentence(AgentCommand.class)).as("help lines that do not end a sentence").isEmpty();
    }
}
