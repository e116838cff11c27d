package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cutover.testing.HelpTexts;

class HelpTextTest {

    @Test
    void everyLineOfTheHelpIsAWholeSentence() {
        assertThat(HelpTexts.linesNotEndingASentence(UpgradeCtl.class)).as("help lines that do not end a sentence").isEmpty();
    }
}
