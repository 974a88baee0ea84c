package dev.manor.text;

/** "1 migration", "2 migrations", "1 retry", "3 retries": counts in messages, in English. */
public final class Plural {
    private Plural() {
    }

    /** {@code n} followed by the noun, plural unless n is 1. */
    public static String count(long n, String noun) {
        return n + " " + noun(n, noun);
    }

    /** The noun alone, plural unless n is 1. */
    public static String noun(long n, String noun) {
        if (n == 1 || noun.isEmpty()) {
            return noun;
        }
        char before = noun.length() > 1 ? noun.charAt(noun.length() - 2) : 'a';
        if (noun.endsWith("y") && "aeiou".indexOf(before) < 0) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("ch") || noun.endsWith("sh")) {
            return noun + "es";
        }
        return noun + "s";
    }

    /** "needs" or "need": the verb agreeing with n things. */
    public static String verb(long n, String singular, String plural) {
        return n == 1 ? singular : plural;
    }
}
