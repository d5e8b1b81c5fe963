package dev.ladder.server.http;

import dev.ladder.book.PriceOp;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Locale;

/** Reads and validates request parameters; every failure is an {@link ApiException} 400 naming the parameter. */
final class Params {
    private Params() {
    }

    /** A required query parameter: missing or blank is an error. */
    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badParameter(name, "missing");
        }
        return v.trim();
    }

    /** An optional integer within {@code [min, max]}; {@code fallback} when absent. */
    static int intInRange(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "'" + clip(v) + "' is not an integer");
        }
        if (n < min || n > max) {
            throw ApiException.badParameter(name, n + " is outside " + min + ".." + max);
        }
        return n;
    }

    /** A book side: {@code bid} or {@code ask} (also {@code b}, {@code a}, {@code bids}, {@code asks}). */
    static Side bookSide(String name, String text) {
        try {
            return Side.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, "'" + clip(text) + "' is not bid or ask");
        }
    }

    /** A taker side: {@code buy} (takes the asks) or {@code sell} (takes the bids), as the taker's {@link Side}. */
    static Side takerSide(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "buy" -> Side.BID;
            case "sell" -> Side.ASK;
            default -> throw ApiException.badParameter(name, "'" + clip(text) + "' is not buy or sell");
        };
    }

    /** A price comparison: {@code eq}, {@code lt}, {@code lte}, {@code gt} or {@code gte}. */
    static PriceOp op(String name, String text, PriceOp... allowed) {
        PriceOp op;
        try {
            op = PriceOp.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, "'" + clip(text) + "' is not one of " + names(allowed));
        }
        for (PriceOp a : allowed) {
            if (a == op) {
                return op;
            }
        }
        throw ApiException.badParameter(name, "'" + clip(text) + "' is not one of " + names(allowed));
    }

    /** A non-negative plain decimal ({@code 61000.5}); exponents, signs other than none, and junk are refused. */
    static BigDecimal nonNegativeDecimal(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                throw ApiException.badParameter(name, "'" + clip(text) + "' is not a non-negative decimal number");
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "'" + clip(text) + "' is not a non-negative decimal number");
        }
    }

    /** {@code value} scaled exactly to a long at {@code scale}; too many fraction digits or too large is an error. */
    static long exactScaled(String name, BigDecimal value, int scale) {
        BigDecimal scaled = value.movePointRight(scale);
        if (scaled.signum() != 0 && scaled.stripTrailingZeros().scale() > 0) {
            throw ApiException.badParameter(name, "'" + value.toPlainString() + "' has more than " + scale
                    + " fraction digits (the book's scale)");
        }
        try {
            return scaled.setScale(0).longValueExact();
        } catch (ArithmeticException e) {
            throw ApiException.badParameter(name, "'" + clip(value.toPlainString()) + "' is too large");
        }
    }

    private static String names(PriceOp[] ops) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ops.length; i++) {
            if (i > 0) {
                sb.append(i == ops.length - 1 ? " or " : ", ");
            }
            sb.append(ops[i].name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /**
     * The instrument named by the {@code venue} and {@code symbol} path parameters (Binance symbols in
     * upper case, Betfair market ids as given); an unknown venue or a blank symbol is a 404 naming
     * {@code what} ("book", "stream").
     */
    static InstrumentId instrument(Context ctx, String what) {
        String venueText = ctx.pathParam("venue");
        String symbol = ctx.pathParam("symbol");
        Venue venue;
        try {
            venue = Venue.parse(venueText);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("unknown venue '" + clip(venueText) + "'");
        }
        if (symbol.isBlank()) {
            throw ApiException.notFound("unknown " + what + " " + venue.id() + ":" + symbol);
        }
        return InstrumentId.of(venue, symbol);
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
