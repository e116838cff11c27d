package io.cutover.testing;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The lines of a command line's {@code --help} that do not end a sentence. picocli prints each element
 * of a description on its own line, and a command list shows a command's first element alone, so an
 * element cut mid-sentence reads as a broken sentence. Read from the annotations alone: of every
 * command under the top one, its description and those of its options (its mixins' and argument
 * groups' included) that have more than one element.
 */
public final class HelpTexts {

    private HelpTexts() {
    }

    public static List<String> linesNotEndingASentence(Class<?> topCommand) {
        List<String> broken = new ArrayList<>();
        command(topCommand, broken, new LinkedHashSet<>());
        return broken;
    }

    private static void command(Class<?> type, List<String> broken, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        Command command = type.getAnnotation(Command.class);
        if (command != null) {
            check(command.name(), command.description(), broken);
            for (Class<?> sub : command.subcommands()) {
                command(sub, broken, seen);
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null && option.description().length > 1) {
                    check(String.join("/", option.names()), option.description(), broken);
                }
                if (field.isAnnotationPresent(Mixin.class) || field.isAnnotationPresent(ArgGroup.class)) {
                    command(field.getType(), broken, seen);
                }
            }
        }
    }

    private static void check(String name, String[] lines, List<String> broken) {
        for (String line : lines) {
            if (!line.endsWith(".")) {
                broken.add(name + ": " + line);
            }
        }
    }
}
