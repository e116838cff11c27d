package io.cutover.core.network;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A threshold fraction in (0, 1], such as 2/3. */
public record Fraction(long numerator, long denominator) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,18})\\s*/\\s*(\\d{1,18})\\s*");

    public Fraction {
        if (denominator <= 0 || numerator <= 0 || numerator > denominator) {
            throw new IllegalArgumentException("a threshold must be a fraction in (0, 1], got " + numerator + "/" + denominator);
        }
    }

    /** "2/3" → 2/3; empty when the text is not a fraction in (0, 1]. */
    public static Optional<Fraction> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        long d = Long.parseLong(m.group(2));
        if (d <= 0 || n <= 0 || n > d) {
            return Optional.empty();
        }
        return Optional.of(new Fraction(n, d));
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
