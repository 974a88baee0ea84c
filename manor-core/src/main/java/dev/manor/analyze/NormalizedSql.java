package dev.manor.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A statement reduced to tokens for rule matching, without a full SQL parser: comments are gone,
 * string and dollar-quoted literals become placeholders ({@code '?0'}, value kept in {@link #literals()}),
 * unquoted words are upper-cased, quoted identifiers keep their quotes and case, and the text is the
 * tokens joined by single spaces (no spaces around dots, so {@code PUBLIC."User"} stays one name).
 */
public final class NormalizedSql {
    /** Kinds of token; WORD text is upper-case, IDENT keeps its double quotes. */
    public enum Kind { WORD, IDENT, LITERAL, NUMBER, SYMBOL }

    /** text is the normalized form (WORD upper-case); raw is as written (literals stay placeholders). */
    public record Token(Kind kind, String text, String raw) {
        public Token(Kind kind, String text) {
            this(kind, text, text);
        }

        public boolean is(String word) {
            return kind == Kind.WORD && text.equals(word) || kind == Kind.SYMBOL && text.equals(word);
        }

        public boolean isName() {
            return kind == Kind.WORD || kind == Kind.IDENT;
        }
    }

    /** A column definition inside CREATE TABLE or ADD COLUMN: its name, its type tokens, and the rest. */
    public record ColumnDef(String name, NormalizedSql type, NormalizedSql constraints) {
    }

    /** The ALTER TABLE target and its comma-separated actions. */
    public record AlterTable(String table, List<NormalizedSql> actions) {
    }

    private final List<Token> tokens;
    private final List<String> literals;
    private String text; // computed on first use: most slices are never printed
    private Optional<AlterTable> alterTable; // cached: every ALTER TABLE rule asks
    private Set<String> present; // the texts of the tokens, built on first search

    private Set<String> present() {
        if (present == null) {
            Set<String> texts = new java.util.HashSet<>();
            for (Token t : tokens) {
                texts.add(t.text());
            }
            present = texts;
        }
        return present;
    }

    private NormalizedSql(List<Token> tokens, List<String> literals) {
        this.tokens = List.copyOf(tokens);
        this.literals = literals;
    }

    private String join(boolean raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean glue = i > 0 && (t.is(".") || tokens.get(i - 1).is("."));
            if (raw && i > 0) {
                glue |= t.is(")") || t.is(",") || t.is("::") || tokens.get(i - 1).is("(") || tokens.get(i - 1).is("::");
            }
            if (i > 0 && !glue) {
                sb.append(' ');
            }
            if (raw && t.kind() == Kind.LITERAL) {
                // put the value back in one pass: replacing placeholders one by one was quadratic
                sb.append('\'').append(literal(t).replace("'", "''")).append('\'');
            } else {
                sb.append(raw ? t.raw() : t.text());
            }
        }
        return sb.toString();
    }

    public static NormalizedSql of(String sql) {
        return new Tokenizer(sql).run();
    }

    /** The tokens [from, to) as a statement of their own. */
    public NormalizedSql slice(int from, int to) {
        return new NormalizedSql(tokens.subList(from, to), literals);
    }

    public List<Token> tokens() {
        return tokens;
    }

    public String text() {
        if (text == null) {
            text = join(false);
        }
        return text;
    }

    /** The normalized text with literals put back, for the SQL we print in safe alternatives. */
    public String sqlText() {
        return join(true);
    }

    public List<String> literals() {
        return literals;
    }

    /** The value of a literal placeholder token such as {@code '?3'}. */
    public String literal(Token t) {
        return literals.get(Integer.parseInt(t.text().substring(2, t.text().length() - 1)));
    }

    /** The statement with CONCURRENTLY inserted after the token at index i, as SQL. */
    public String withConcurrentlyAfter(int i) {
        return slice(0, i + 1).sqlText() + " CONCURRENTLY " + slice(i + 1, tokens.size()).sqlText();
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    @Override
    public String toString() {
        return text();
    }

    /** True when the text starts with the given upper-case words, e.g. "ALTER TABLE". */
    public boolean startsWith(String phrase) {
        return matchesAt(0, words(phrase));
    }

    /** True when the words occur in sequence, as whole tokens. */
    public boolean has(String phrase) {
        return indexOf(phrase, 0) >= 0;
    }

    /** Token index where the space-separated phrase starts (at depth 0 or not), or -1. */
    public int indexOf(String phrase, int from) {
        String[] words = words(phrase);
        if (words.length > 0 && !present().contains(words[0])) {
            return -1; // rules ask for many words a large statement lacks: one set lookup, not a pass over it
        }
        for (int i = Math.max(0, from); i + words.length <= tokens.size(); i++) {
            if (matchesAt(i, words)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matchesAt(int i, String[] words) {
        if (i + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(i + k).is(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** Rules ask for the same few phrases millions of times: split each once. */
    private static final java.util.Map<String, String[]> PHRASES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String[] words(String phrase) {
        return PHRASES.computeIfAbsent(phrase, p -> p.split(" "));
    }

    /** The identifier as PostgreSQL resolves it: quoted kept as written, unquoted folded to lower case. */
    public static String identName(Token t) {
        if (t.kind() == Kind.IDENT) {
            return t.text().substring(1, t.text().length() - 1).replace("\"\"", "\"");
        }
        return t.text().toLowerCase(Locale.ROOT);
    }

    /** A possibly qualified name starting at token i, as "schema.name" or "name"; null if none. */
    public String nameAt(int i) {
        if (i < 0 || i >= tokens.size() || !tokens.get(i).isName()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(identName(tokens.get(i)));
        while (i + 2 < tokens.size() && tokens.get(i + 1).is(".") && tokens.get(i + 2).isName()) {
            sb.append('.').append(identName(tokens.get(i + 2)));
            i += 2;
        }
        return sb.toString();
    }

    /** Index of the first token after the possibly qualified name starting at i. */
    public int afterName(int i) {
        i++;
        while (i + 1 < tokens.size() && tokens.get(i).is(".")) {
            i += 2;
        }
        return i;
    }

    /** The name following the phrase, skipping IF [NOT] EXISTS and ONLY; null when absent. */
    public String nameAfter(String phrase) {
        int at = indexOf(phrase, 0);
        if (at < 0) {
            return null;
        }
        return nameAt(skipNoise(at + phrase.split(" ").length));
    }

    private int skipNoise(int i) {
        while (i < tokens.size()) {
            if (indexOf("IF NOT EXISTS", i) == i) {
                i += 3;
            } else if (indexOf("IF EXISTS", i) == i) {
                i += 2;
            } else if (tokens.get(i).is("ONLY") || tokens.get(i).is("CONCURRENTLY")) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Splits this statement at commas outside parentheses. */
    public List<NormalizedSql> splitTopLevel(int from, int to) {
        List<NormalizedSql> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                parts.add(slice(start, i));
                start = i + 1;
            }
        }
        if (start < to) {
            parts.add(slice(start, to));
        }
        return parts;
    }

    /** For ALTER TABLE: the table and its actions; empty otherwise. */
    public Optional<AlterTable> alterTable() {
        if (alterTable == null) {
            alterTable = parseAlterTable();
        }
        return alterTable;
    }

    private Optional<AlterTable> parseAlterTable() {
        if (!startsWith("ALTER TABLE")) {
            return Optional.empty();
        }
        int i = skipNoise(2);
        String table = nameAt(i);
        if (table == null) {
            return Optional.empty();
        }
        i = afterName(i);
        if (i < tokens.size() && tokens.get(i).is("*")) {
            i++;
        }
        return Optional.of(new AlterTable(table, splitTopLevel(i, tokens.size())));
    }

    /** The table an ALTER TABLE, CREATE TABLE, CREATE INDEX, UPDATE, DELETE, TRUNCATE or DROP TABLE names first. */
    public String targetTable() {
        if (startsWith("ALTER TABLE")) {
            return alterTable().map(AlterTable::table).orElse(null);
        }
        if (isCreateTable()) {
            return nameAfter("TABLE");
        }
        if (isCreateIndex()) {
            return nameAfter("ON");
        }
        if (startsWith("UPDATE")) {
            return nameAt(skipNoise(1));
        }
        if (startsWith("DELETE FROM")) {
            return nameAt(skipNoise(2));
        }
        if (startsWith("TRUNCATE")) {
            return nameAt(skipNoise(tokens.size() > 1 && tokens.get(1).is("TABLE") ? 2 : 1));
        }
        if (startsWith("DROP TABLE")) {
            return nameAt(skipNoise(2));
        }
        return null;
    }

    private static final Set<String> TABLE_MODIFIERS = Set.of("TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL");

    public boolean isCreateTable() {
        if (!startsWith("CREATE")) {
            return false;
        }
        int i = 1;
        while (i < tokens.size() && TABLE_MODIFIERS.contains(tokens.get(i).text())) {
            i++;
        }
        return i < tokens.size() && tokens.get(i).is("TABLE");
    }

    public boolean isCreateIndex() {
        return startsWith("CREATE INDEX") || startsWith("CREATE UNIQUE INDEX");
    }

    /** Column definitions of CREATE TABLE (name (...)) or of ALTER TABLE ... ADD [COLUMN] actions. */
    public List<ColumnDef> columnDefs() {
        List<ColumnDef> defs = new ArrayList<>();
        if (isCreateTable()) {
            int open = indexOf("(", 0);
            int close = matching(open);
            if (open < 0 || close < 0) {
                return defs;
            }
            for (NormalizedSql element : splitTopLevel(open + 1, close)) {
                if (!element.isEmpty() && !TABLE_CONSTRAINT_STARTS.contains(element.tokens.get(0).text())) {
                    element.columnDef(0).ifPresent(defs::add);
                }
            }
        } else {
            alterTable().ifPresent(at -> {
                for (NormalizedSql action : at.actions()) {
                    action.addedColumn().ifPresent(defs::add);
                }
            });
        }
        return defs;
    }

    private static final Set<String> TABLE_CONSTRAINT_STARTS =
            Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE");
    private static final Set<String> COLUMN_CONSTRAINT_STARTS = Set.of("NOT", "NULL", "DEFAULT", "PRIMARY",
            "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "COMPRESSION", "STORAGE");

    /** For an action "ADD [COLUMN] [IF NOT EXISTS] name type ...": the column; empty for ADD CONSTRAINT etc. */
    public Optional<ColumnDef> addedColumn() {
        if (!startsWith("ADD") || tokens.size() < 2) {
            return Optional.empty();
        }
        int i = 1;
        if (tokens.get(1).is("COLUMN")) {
            i = 2;
        } else if (TABLE_CONSTRAINT_STARTS.contains(tokens.get(1).text()) && tokens.get(1).kind() == Kind.WORD) {
            return Optional.empty();
        }
        return columnDef(skipNoise(i));
    }

    private Optional<ColumnDef> columnDef(int i) {
        if (i >= tokens.size() || !tokens.get(i).isName()) {
            return Optional.empty();
        }
        String name = identName(tokens.get(i));
        int typeStart = i + 1;
        int j = typeStart;
        int depth = 0;
        while (j < tokens.size()) {
            Token t = tokens.get(j);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.kind() == Kind.WORD && COLUMN_CONSTRAINT_STARTS.contains(t.text())) {
                break;
            }
            j++;
        }
        return Optional.of(new ColumnDef(name, slice(typeStart, j), slice(j, tokens.size())));
    }

    /** For an action "ALTER [COLUMN] name ...": the column name; null otherwise. */
    public String alteredColumn() {
        int at = tokens.size() > 1 && tokens.get(1).is("COLUMN") ? 2 : 1;
        if (!startsWith("ALTER") || at >= tokens.size() || !tokens.get(at).isName()) {
            return null;
        }
        return identName(tokens.get(at));
    }

    /** For "ALTER [COLUMN] c [SET DATA] TYPE t [USING ...]": the new type tokens; null otherwise. */
    public NormalizedSql newType() {
        int at = indexOf("TYPE", 0);
        if (alteredColumn() == null || at < 0) {
            return null;
        }
        int end = tokens.size();
        for (String stop : new String[] {"USING", "COLLATE"}) {
            int k = indexOf(stop, at);
            if (k >= 0 && k < end) {
                end = k;
            }
        }
        return slice(at + 1, end);
    }

    /** Index of the parenthesis closing the one at i, or -1. */
    public int matching(int i) {
        if (i < 0) {
            return -1;
        }
        int depth = 0;
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).is("(")) {
                depth++;
            } else if (tokens.get(j).is(")") && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /** Tokenizer: comments dropped, literals replaced by numbered placeholders. */
    private static final class Tokenizer {
        private final String s;
        private final List<Token> tokens = new ArrayList<>();
        private final List<String> literals = new ArrayList<>();
        private int i;

        Tokenizer(String s) {
            this.s = s;
        }

        NormalizedSql run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (s.startsWith("--", i)) {
                    int nl = s.indexOf('\n', i);
                    i = nl < 0 ? s.length() : nl + 1;
                } else if (s.startsWith("/*", i)) {
                    blockComment();
                } else if (c == '\'') {
                    quoted(false);
                } else if ((c == 'E' || c == 'e') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                    quoted(true);
                } else if (c == '"') {
                    quotedIdent();
                } else if (c == '$' && dollarTag() != null) {
                    dollarQuoted(dollarTag());
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, s.substring(start, i).toUpperCase(Locale.ROOT), s.substring(start, i)));
                } else if (Character.isDigit(c)) {
                    int start = i;
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NUMBER, s.substring(start, i)));
                } else if (s.startsWith("::", i)) {
                    tokens.add(new Token(Kind.SYMBOL, "::"));
                    i += 2;
                } else {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                }
            }
            return new NormalizedSql(tokens, List.copyOf(literals));
        }

        private void blockComment() {
            int depth = 0;
            while (i < s.length()) {
                if (s.startsWith("/*", i)) {
                    depth++;
                    i += 2;
                } else if (s.startsWith("*/", i)) {
                    i += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else {
                    i++;
                }
            }
        }

        private void quoted(boolean backslashEscapes) {
            StringBuilder value = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (backslashEscapes && c == '\\' && i + 1 < s.length()) {
                    value.append(s.charAt(i + 1));
                    i += 2;
                } else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    value.append(c);
                    i++;
                }
            }
            literal(value.toString());
        }

        private void literal(String value) {
            tokens.add(new Token(Kind.LITERAL, "'?" + literals.size() + "'"));
            literals.add(value);
        }

        private void quotedIdent() {
            int start = i++;
            boolean closed = false;
            while (i < s.length() && !closed) {
                if (s.charAt(i) == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    i += 2;
                } else {
                    closed = s.charAt(i++) == '"';
                }
            }
            // an unterminated identifier (half-written SQL) is closed so names stay well-formed
            tokens.add(new Token(Kind.IDENT, s.substring(start, i) + (closed ? "" : "\"")));
        }

        /** The $tag$ opening at i, or null ($1 parameters and stray dollars are not tags). */
        private String dollarTag() {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j >= s.length() || s.charAt(j) != '$' || (j > i + 1 && Character.isDigit(s.charAt(i + 1)))) {
                return null;
            }
            return s.substring(i, j + 1);
        }

        private void dollarQuoted(String tag) {
            int start = i + tag.length();
            int end = s.indexOf(tag, start);
            if (end < 0) {
                end = s.length();
            }
            literal(s.substring(start, end));
            i = Math.min(s.length(), end + tag.length());
        }
    }
}
