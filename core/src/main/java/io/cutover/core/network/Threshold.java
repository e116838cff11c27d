package io.cutover.core.network;

import java.math.BigInteger;

/**
 * The approval threshold. Exact integer arithmetic: approving power × denominator is compared
 * with total power × numerator, never in floating point.
 */
public record Threshold(Fraction fraction, ApprovalRule rule) {

    /** True when {@code power} out of {@code totalPower} meets the threshold under its rule. */
    public boolean isMetBy(long power, long totalPower) {
        if (totalPower <= 0 || power <= 0) {
            return false;
        }
        BigInteger left = BigInteger.valueOf(power).multiply(BigInteger.valueOf(fraction.denominator()));
        BigInteger right = BigInteger.valueOf(totalPower).multiply(BigInteger.valueOf(fraction.numerator()));
        int comparison = left.compareTo(right);
        return rule == ApprovalRule.GREATER ? comparison > 0 : comparison >= 0;
    }

    /** The smallest power that meets the threshold out of {@code totalPower}. */
    public long minimumPower(long totalPower) {
        if (totalPower <= 0) {
            return 0;
        }
        BigInteger[] qr = BigInteger.valueOf(totalPower).multiply(BigInteger.valueOf(fraction.numerator()))
                .divideAndRemainder(BigInteger.valueOf(fraction.denominator()));
        long floor = qr[0].longValueExact();
        boolean exact = qr[1].signum() == 0;
        long min = rule == ApprovalRule.GREATER ? floor + 1 : (exact ? floor : floor + 1);
        return Math.max(min, 1);
    }

    @Override
    public String toString() {
        return (rule == ApprovalRule.GREATER ? "more than " : "at least ") + fraction;
    }
}
