package dev.manor.config;

import java.util.regex.Pattern;

/** Masks passwords wherever a URL or message might carry one. */
public final class Secrets {
    /** {@code ?password=}, {@code &password=} and {@code ;password=} (and sslpassword), up to the next separator. */
    private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&;\\s]*");
    /** {@code //user:secret@host}; the secret runs to the last {@code @} before the path, so it may hold an {@code @}. */
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:\\s]*:)[^/\\s]*@");
    public static final String MASK = "*****";

    private Secrets() {
    }

    /** The URL with a password parameter or user-info password replaced by a mask. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD_PARAM.matcher(url).replaceAll("$1" + MASK);
        return USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    /** The text with URL passwords masked and every occurrence of a known secret replaced. */
    public static String mask(String text, String secret) {
        if (text == null) {
            return null;
        }
        String masked = maskUrl(text);
        if (secret != null && !secret.isEmpty()) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
