package io.cutover.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.agent.AgentCommand;
import picocli.CommandLine.Command;

/**
 * {@code --help} speaks in whole sentences: picocli prints each element of a command's description
 * on its own line, and a command list shows the first one alone.
 */
class HelpTextTest {

    @Test
    void everyLineOfEveryCommandsDescriptionIsAWholeSentence() {
        List<String> broken = new ArrayList<>();
        collect(AgentCommand.class, broken);
        assertThat(broken).as("description lines that do not end a sentence").isEmpty();
    }

    private static void collect(Class<?> commandClass, List<String> broken) {
        Command command = commandClass.getAnnotation(Command.class);
        for (String line : command.description()) {
            if (!line.endsWith(".")) {
                broken.add(command.name() + ": " + line);
            }
        }
        for (Class<?> sub : command.subcommands()) {
            collect(sub, broken);
        }
    }
}
