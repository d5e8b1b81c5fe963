package dev.ladder.book;

import java.util.Locale;

/**
 * A comparison of a level's price with a query price, for volume queries such as "everything at or
 * below 100.5" ({@link #LTE}). The comparison is on the price itself, independent of the side: on the
 * bids {@code LTE} selects the query price and the worse levels below it; on the asks it selects the
 * query price and the better levels below it.
 */
public enum PriceOp {
    /** Level price equal to the query price. */
    EQ,
    /** Level price strictly below the query price. */
    LT,
    /** Level price at or below the query price. */
    LTE,
    /** Level price strictly above the query price. */
    GT,
    /** Level price at or above the query price. */
    GTE;

    /** {@code true} when a level at {@code levelPrice} is selected for query price {@code price}. */
    public boolean test(long levelPrice, long price) {
        return switch (this) {
            case EQ -> levelPrice == price;
            case LT -> levelPrice < price;
            case LTE -> levelPrice <= price;
            case GT -> levelPrice > price;
            case GTE -> levelPrice >= price;
        };
    }

    /**
     * Parses {@code eq}, {@code lt}, {@code lte}, {@code gt}, {@code gte} (case-insensitive, surrounding
     * blanks ignored) and the symbols {@code =}, {@code ==}, {@code <}, {@code <=}, {@code >}, {@code >=}.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is null or none of them
     */
    public static PriceOp parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "eq", "=", "==" -> { return EQ; }
                case "lt", "<" -> { return LT; }
                case "lte", "le", "<=" -> { return LTE; }
                case "gt", ">" -> { return GT; }
                case "gte", "ge", ">=" -> { return GTE; }
                default -> { }
            }
        }
        throw new IllegalArgumentException("unknown price operator '" + text + "' (expected eq, lt, lte, gt or gte)");
    }
}
