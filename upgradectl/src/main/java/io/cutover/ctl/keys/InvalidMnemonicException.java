package io.cutover.ctl.keys;

/** A mnemonic that is not a valid BIP-39 English mnemonic. */
public class InvalidMnemonicException extends RuntimeException {

    public InvalidMnemonicException(String message) {
        super(message);
    }
}
