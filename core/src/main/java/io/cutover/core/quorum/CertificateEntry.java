package io.cutover.core.quorum;

import java.util.Optional;

import com.google.protobuf.ByteString;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.SignatureCheck;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.Signature;

/**
 * One transaction of a certificate (approvals or rejections), checked the same way wherever it
 * appears: it decodes, carries a V3 vega/ed25519 signature valid for the network's chain, and its
 * signer is a consensus validator of network.toml.
 */
record CertificateEntry(String signer, ValidatorInfo validator, InputData inputData) {

    /** The checked entry, or the refusal naming {@code where} it is. */
    static Result check(ByteString raw, String where, NetworkConfig network) {
        Optional<DecodedTransaction> decoded = TransactionDecoder.decode(raw.toByteArray());
        if (decoded.isEmpty()) {
            return Result.refused(CertificateProblem.MALFORMED_TRANSACTION, where + " is not a Vega transaction");
        }
        DecodedTransaction tx = decoded.get();
        String signer = tx.transaction().getPubKey();
        Signature signature = tx.transaction().getSignature();
        boolean vegaScheme = signature.getAlgo().equals(VegaSignatures.ALGORITHM)
                && signature.getVersion() == VegaSignatures.ALGORITHM_VERSION;
        if (!vegaScheme || !SignatureCheck.verifies(tx.transaction(), network.chainId(), false)) {
            return Result.refused(CertificateProblem.SIGNATURE_INVALID, where + " by " + signer
                    + " is not a valid V3 vega/ed25519 signature for chain " + network.chainId());
        }
        Optional<ValidatorInfo> validator = network.validator(signer);
        if (validator.isEmpty()) {
            return Result.refused(CertificateProblem.UNKNOWN_VALIDATOR, where + " is signed by " + signer
                    + ", not a validator of the network");
        }
        if (!validator.get().isConsensusValidator()) {
            return Result.refused(CertificateProblem.NOT_CONSENSUS_VALIDATOR, where + " is signed by "
                    + validator.get().name() + ", which has no voting power");
        }
        return new Result(new CertificateEntry(signer, validator.get(), tx.inputData()), null);
    }

    /** Either {@code entry} or {@code refused} is set. */
    record Result(CertificateEntry entry, CertificateVerdict.Refused refused) {

        static Result refused(CertificateProblem problem, String detail) {
            return new Result(null, new CertificateVerdict.Refused(problem, detail));
        }
    }
}
