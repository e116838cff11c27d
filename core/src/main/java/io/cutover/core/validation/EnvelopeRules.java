package io.cutover.core.validation;

import java.util.Optional;
import java.util.regex.Pattern;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/** The cheap checks on a decoded envelope, run before the signature is verified. */
final class EnvelopeRules {

    private static final Pattern PUB_KEY = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{128}");

    private EnvelopeRules() {
    }

    static Optional<Verdict.Refused> check(Transaction tx, NetworkConfig network, ValidationPolicy policy) {
        if (tx.getVersion() == TxVersion.TX_VERSION_V2 && !policy.acceptV2()) {
            return refuse(RefusalReason.UNSUPPORTED_TX_VERSION,
                    "V2 transactions carry no chain binding and are not accepted here; sign a V3 transaction");
        }
        if (tx.getVersion() != TxVersion.TX_VERSION_V3 && tx.getVersion() != TxVersion.TX_VERSION_V2) {
            return refuse(RefusalReason.UNSUPPORTED_TX_VERSION, "transaction version " + tx.getVersionValue()
                    + " is not supported; sign a V3 transaction");
        }
        if (!VegaSignatures.ALGORITHM.equals(tx.getSignature().getAlgo())
                || tx.getSignature().getVersion() != VegaSignatures.ALGORITHM_VERSION) {
            return refuse(RefusalReason.UNSUPPORTED_SIGNATURE_ALGORITHM, "signature algorithm \"" + printable(tx.getSignature().getAlgo())
                    + "\" version " + Integer.toUnsignedString(tx.getSignature().getVersion()) + " is not "
                    + VegaSignatures.ALGORITHM + " version " + VegaSignatures.ALGORITHM_VERSION);
        }
        if (tx.getFromCase() != Transaction.FromCase.PUB_KEY) {
            return refuse(RefusalReason.MALFORMED_TRANSACTION, "the signer must be named by pub_key (field 1002)");
        }
        if (!PUB_KEY.matcher(tx.getPubKey()).matches()) {
            return refuse(RefusalReason.MALFORMED_TRANSACTION, "pub_key must be 64 lowercase hex characters");
        }
        if (!SIGNATURE.matcher(tx.getSignature().getValue()).matches()) {
            return refuse(RefusalReason.SIGNATURE_INVALID, "the signature must be 128 lowercase hex characters");
        }
        Optional<ValidatorInfo> validator = network.validator(tx.getPubKey());
        if (validator.isEmpty()) {
            return refuse(RefusalReason.UNKNOWN_VALIDATOR, "signer " + tx.getPubKey() + " is not a validator of " + network.chainId());
        }
        if (!validator.get().isConsensusValidator()) {
            return refuse(RefusalReason.NOT_CONSENSUS_VALIDATOR, "validator " + validator.get().name()
                    + " has no voting power and may not vote on upgrades");
        }
        return Optional.empty();
    }

    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Optional<Verdict.Refused> refuse(RefusalReason reason, String detail) {
        return Optional.of(Verdict.refused(reason, detail));
    }
}
