package dev.manor.migration;

import dev.manor.ManorException;

import java.util.regex.Pattern;

/** The rules for migration names and folder names ({@code YYYYMMDDHHMMSS_lower_snake_name}). */
public final class MigrationNames {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern FOLDER = Pattern.compile("(\\d{14})_(.+)");
    public static final int MAX_LENGTH = 63;

    private MigrationNames() {
    }

    /** Throws with a reason when the name is not lower snake case. */
    public static void requireValidName(String name) {
        if (name == null || name.isBlank()) {
            throw new ManorException("a migration needs a name, e.g. add_phone_to_user");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ManorException("migration name '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            String hint = name.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            throw new ManorException("migration name '" + name + "' must be lower snake case (a-z, 0-9 and single "
                    + "underscores, starting with a letter)" + (NAME.matcher(hint).matches() ? ", e.g. " + hint : ""));
        }
    }

    /** Splits a folder name into id and name, or returns null when it is not a migration folder. */
    public static String[] parseFolder(String folder) {
        var m = FOLDER.matcher(folder);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }
}
