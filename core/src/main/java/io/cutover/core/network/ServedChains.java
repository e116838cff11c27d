package io.cutover.core.network;

import java.util.Map;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;

/**
 * The rule by which a service that serves a fleet of networks finds the one a request names: a blank
 * chain is the only network while exactly one is served; with several it is refused CHAIN_REQUIRED;
 * a chain not served here is refused UNKNOWN_CHAIN.
 */
public final class ServedChains {

    private ServedChains() {
    }

    /**
     * @param byChain what is served, by chain id
     * @param chain   the chain a request names (blank: none)
     * @param service who serves them, for the refusal's sentence ("this aggregator")
     * @throws Refused CHAIN_REQUIRED or UNKNOWN_CHAIN
     */
    public static <T> T resolve(Map<String, T> byChain, String chain, String service) {
        String served = String.join(", ", byChain.keySet());
        if (chain == null || chain.isBlank()) {
            if (byChain.size() == 1) {
                return byChain.values().iterator().next();
            }
            throw new Refused(new Refusal(RefusalReason.CHAIN_REQUIRED, service + " serves " + byChain.size() + " networks (" + served
                    + "): name the chain"));
        }
        T network = byChain.get(chain.strip());
        if (network == null) {
            throw new Refused(new Refusal(RefusalReason.UNKNOWN_CHAIN, "chain " + chain.strip() + " is not served by " + service
                    + " (it serves " + served + ")"));
        }
        return network;
    }

    /** A request's chain cannot be served: CHAIN_REQUIRED or UNKNOWN_CHAIN, with the sentence that says why. */
    public static final class Refused extends RuntimeException {

        private final transient Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.detail(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
