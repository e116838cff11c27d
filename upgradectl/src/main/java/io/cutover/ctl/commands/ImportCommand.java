package io.cutover.ctl.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.keys.InvalidMnemonicException;
import io.cutover.ctl.keys.KeyFile;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.options.KeyOutputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Import the key a Vega wallet holds, from its recovery phrase (BIP-39 mnemonic).",
            "Derives the same key as the wallet: BIP-39 seed with no passphrase, SLIP-10 Ed25519 at m/1789'/0'/INDEX'. "
                    + "The words and their checksum are checked against the BIP-39 English word list. "
                    + "Writes a key file like keygen's (0600) and prints the public key."},
        footer = {"%nExamples:",
            "  upgradectl import --mnemonic-file ./recovery.txt --out ~/.cutover/validator.key",
            "  upgradectl import --mnemonic-file ./recovery.txt --index 2 --out ./second.key",
            Help.EXIT_CODES})
public class ImportCommand extends CtlCommand {

    @Option(names = "--mnemonic-file", required = true, paramLabel = "FILE",
            description = "A file holding the wallet's recovery phrase (12 to 24 words). Keep it private; delete it after import.")
    Path mnemonicFile;

    @Option(names = "--index", defaultValue = "1", paramLabel = "I",
            description = "The wallet's key number; the wallet's first key is 1. Default: ${DEFAULT-VALUE}.")
    int index;

    @Mixin
    KeyOutputOptions keyOutput;

    @Override
    ExitCode execute(Printer printer) {
        if (index < 1) {
            throw usage("--index starts at 1 (the wallet's first key), got " + index);
        }
        ValidatorKey key;
        try {
            key = ValidatorKey.fromMnemonic(readMnemonic(), index);
        } catch (InvalidMnemonicException e) {
            throw new CommandFailure(ExitCode.LOCAL_FILE, "mnemonic file " + mnemonicFile + ": " + e.getMessage(), "", e);
        }
        Path file = keyOutput.file(options);
        KeyFile.write(file, key, keyOutput.force());
        KeygenCommand.printKey(printer, "Wrote key " + index + " of the wallet to ", file, key);
        return ExitCode.OK;
    }

    private String readMnemonic() {
        try {
            return Files.readString(mnemonicFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCode.LOCAL_FILE, "mnemonic file " + mnemonicFile + " does not exist");
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.LOCAL_FILE, "cannot read mnemonic file " + mnemonicFile + ": " + e.getMessage(), "", e);
        }
    }
}
