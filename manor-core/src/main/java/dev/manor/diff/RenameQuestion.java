package dev.manor.diff;

/** Asks a person whether a column that disappears while another of the same type appears was renamed. */
@FunctionalInterface
public interface RenameQuestion {
    /**
     * @param table     the table, as {@code --rename} names it (schema-qualified unless public)
     * @param oldColumn the column that disappears
     * @param newColumn the column of the same type that appears
     * @param type      their type
     * @return true for a rename, false for a drop of the old column and an add of the new one
     */
    boolean isRename(String table, String oldColumn, String newColumn, String type);
}
