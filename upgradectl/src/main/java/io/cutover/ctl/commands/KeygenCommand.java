package io.cutover.ctl.commands;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.keys.KeyFile;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.options.KeyOutputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Create a new Ed25519 validator key and print its public key.",
            "The key file is JSON {\"algorithm\":\"ed25519\",\"seed\":\"<64 hex>\",\"pubKey\":\"<64 hex>\"}, "
                    + "created with permissions 0600. An existing file is never replaced without --force.",
            "Add the printed public key to the network's network.toml to make it a validator."},
        footer = {"%nExamples:",
            "  upgradectl keygen --out ~/.cutover/validator.key",
            "  upgradectl keygen --out ./v1.key --output json",
            Help.EXIT_CODES})
public class KeygenCommand extends CtlCommand {

    @Mixin
    KeyOutputOptions keyOutput;

    @Override
    ExitCode execute(Printer printer) {
        Path file = keyOutput.file(options);
        ValidatorKey key = ValidatorKey.generate();
        KeyFile.write(file, key, keyOutput.force());
        printKey(printer, "Wrote a new key to ", file, key);
        return ExitCode.OK;
    }

    static void printKey(Printer printer, String what, Path file, ValidatorKey key) {
        if (printer.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pubKey", key.publicKeyHex());
            json.put("keyFile", file.toAbsolutePath().toString());
            printer.json(json);
        } else {
            printer.line(what + file + " (permissions 0600)");
            printer.line("public key: " + key.publicKeyHex());
        }
    }
}
