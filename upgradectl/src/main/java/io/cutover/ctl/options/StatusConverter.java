package io.cutover.ctl.options;

import java.util.Locale;

import io.cutover.proto.v1.ProposalStatus;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** pending | approved | rejected | cancelled (any case; the full enum name works too). */
public class StatusConverter implements ITypeConverter<ProposalStatus> {

    public static final String CHOICES = "pending, approved, rejected, cancelled";
    private static final String PREFIX = "PROPOSAL_STATUS_";

    @Override
    public ProposalStatus convert(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT);
        if (!name.startsWith(PREFIX)) {
            name = PREFIX + name;
        }
        try {
            ProposalStatus status = ProposalStatus.valueOf(name);
            if (status != ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED) {
                return status;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the usage error
        }
        throw new TypeConversionException("'" + value + "' is not a status; use one of " + CHOICES);
    }

    /** "PENDING" for PROPOSAL_STATUS_PENDING. */
    public static String shortName(ProposalStatus status) {
        return status.name().startsWith(PREFIX) ? status.name().substring(PREFIX.length()) : status.name();
    }
}
