package io.cutover.aggregator.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.cutover.aggregator.network.ChainRefused;

/** A REST request whose {@code ?chain=} cannot be served: CHAIN_REQUIRED (400) or UNKNOWN_CHAIN (404), as problem+json. */
@Provider
public class ChainRefusedMapper implements ExceptionMapper<ChainRefused> {

    @Override
    public Response toResponse(ChainRefused refused) {
        return Problems.chainRefused(refused);
    }
}
