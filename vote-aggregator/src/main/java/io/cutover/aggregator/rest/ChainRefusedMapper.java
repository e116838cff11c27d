package io.cutover.aggregator.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.cutover.core.network.ServedChains;

/** A REST request whose {@code ?chain=} cannot be served: CHAIN_REQUIRED (400) or UNKNOWN_CHAIN (404), as problem+json. */
@Provider
public class ChainRefusedMapper implements ExceptionMapper<ServedChains.Refused> {

    @Override
    public Response toResponse(ServedChains.Refused refused) {
        return Problems.chainRefused(refused);
    }
}
