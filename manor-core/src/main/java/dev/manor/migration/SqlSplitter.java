package dev.manor.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a PostgreSQL script into statements in one linear pass, following the lexical rules of the
 * PostgreSQL server and the statement-ending rules of psql.
 *
 * <p>A {@code ;} ends a statement unless it is inside a string, quoted identifier, dollar quote,
 * comment, parentheses, or the {@code BEGIN ... END} body of a {@code CREATE [OR REPLACE]
 * FUNCTION/PROCEDURE} (SQL-standard bodies, PostgreSQL 14+; {@code CASE ... END} nests inside such a
 * body, as in psql). Each statement's text runs from its first token to its last token: leading and
 * trailing comments and whitespace are dropped, comments between tokens are kept. Empty statements
 * are dropped.
 *
 * <p>Scripts that only psql could run are rejected with a {@link MigrationFormatException}:
 * backslash meta-commands and {@code COPY ... FROM STDIN / TO STDOUT}. So are unterminated quotes and
 * comments, reported at the line where they open.
 */
public final class SqlSplitter {
    private final String script;
    private final String fileName;
    private final List<SqlStatement> statements = new ArrayList<>();

    private int pos;
    private int line = 1;

    // The statement being read; start == -1 until its first token.
    private int start = -1;
    private int startLine;
    private int end;
    private int parenDepth;
    private int beginDepth;
    private int wordCount;
    private final char[] routineWords = new char[4];
    private String firstWord;
    private String previousWord;

    private SqlSplitter(String script, String fileName) {
        this.script = script;
        this.fileName = fileName;
    }

    public static List<SqlStatement> split(String script, String fileName) {
        return new SqlSplitter(script, fileName).run();
    }

    private List<SqlStatement> run() {
        int n = script.length();
        while (pos < n) {
            char c = script.charAt(pos);
            char next = pos + 1 < n ? script.charAt(pos + 1) : '\0';
            if (c == '\n') {
                line++;
                pos++;
            } else if (isSpace(c)) {
                pos++;
            } else if (c == '-' && next == '-') {
                skipLineComment();
            } else if (c == '/' && next == '*') {
                skipBlockComment();
            } else if (c == ';' && parenDepth == 0 && beginDepth == 0) {
                finishStatement();
                pos++;
            } else if (c == '\\') {
                throw metaCommand();
            } else {
                if (start < 0) {
                    start = pos;
                    startLine = line;
                }
                readToken(c, next);
                end = pos;
            }
        }
        finishStatement();
        return statements;
    }

    private void readToken(char c, char next) {
        if (c == '\'') {
            skipStandardString();
        } else if (c == '"') {
            skipQuotedIdentifier();
        } else if (c == '$') {
            readDollar(next);
        } else if (isIdentStart(c)) {
            readWord();
        } else if (isDigit(c)) {
            pos++;
            while (pos < script.length() && isNumberPart(script.charAt(pos))) {
                pos++;
            }
        } else {
            if (c == '(') {
                parenDepth++;
            } else if (c == ')' && parenDepth > 0) {
                parenDepth--;
            }
            pos++;
        }
    }

    private void finishStatement() {
        if (start >= 0) {
            statements.add(new SqlStatement(script.substring(start, end), startLine));
        }
        start = -1;
        parenDepth = 0;
        beginDepth = 0;
        wordCount = 0;
        java.util.Arrays.fill(routineWords, '\0');
        firstWord = null;
        previousWord = null;
    }

    /** Moves to {@code target}, counting the newlines passed over. */
    private void moveTo(int target) {
        for (int i = pos; i < target; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        pos = target;
    }

    private void skipLineComment() {
        int eol = script.indexOf('\n', pos);
        pos = eol < 0 ? script.length() : eol; // the newline itself is counted by the main loop
    }

    private void skipBlockComment() {
        int openLine = line;
        int depth = 0;
        int n = script.length();
        int i = pos;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '/' && next == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && next == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    moveTo(i);
                    return;
                }
            } else {
                i++;
            }
        }
        throw new MigrationFormatException(fileName, openLine, "unterminated /* comment opened on this line");
    }

    /** A '...' string where only '' escapes a quote (standard_conforming_strings, also B'', X'', N'', U&''). */
    private void skipStandardString() {
        int openLine = line;
        int i = pos + 1;
        while (true) {
            int quote = script.indexOf('\'', i);
            if (quote < 0) {
                throw new MigrationFormatException(fileName, openLine, "unterminated quoted string opened on this line");
            }
            if (quote + 1 < script.length() && script.charAt(quote + 1) == '\'') {
                i = quote + 2;
            } else {
                moveTo(quote + 1);
                return;
            }
        }
    }

    /** The quote of an E'...' string (pos on the quote): backslash escapes any character, '' too. */
    private void skipEscapeString() {
        int openLine = line;
        int n = script.length();
        int i = pos + 1;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && script.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    moveTo(i + 1);
                    return;
                }
            } else {
                i++;
            }
        }
        throw new MigrationFormatException(fileName, openLine, "unterminated E'...' string opened on this line");
    }

    private void skipQuotedIdentifier() {
        int openLine = line;
        int i = pos + 1;
        while (true) {
            int quote = script.indexOf('"', i);
            if (quote < 0) {
                throw new MigrationFormatException(fileName, openLine, "unterminated quoted identifier opened on this line");
            }
            if (quote + 1 < script.length() && script.charAt(quote + 1) == '"') {
                i = quote + 2;
            } else {
                moveTo(quote + 1);
                return;
            }
        }
    }

    /** At a '$' that does not continue an identifier: a $1 parameter, a $tag$ dollar quote, or a lone '$'. */
    private void readDollar(char next) {
        int n = script.length();
        if (isDigit(next)) {
            pos++;
            while (pos < n && isDigit(script.charAt(pos))) {
                pos++;
            }
            return;
        }
        int i = pos + 1;
        if (i < n && isIdentStart(script.charAt(i))) {
            i++;
            while (i < n && isTagPart(script.charAt(i))) {
                i++;
            }
        }
        if (i >= n || script.charAt(i) != '$') {
            pos++;
            return;
        }
        String delimiter = script.substring(pos, i + 1);
        int close = script.indexOf(delimiter, i + 1);
        if (close < 0) {
            throw new MigrationFormatException(fileName, line,
                    "unterminated dollar-quoted string " + delimiter + " opened on this line (no closing " + delimiter + ")");
        }
        moveTo(close + delimiter.length());
    }

    private void readWord() {
        int wordStart = pos;
        int n = script.length();
        pos++;
        while (pos < n && isIdentPart(script.charAt(pos))) {
            pos++;
        }
        String word = script.substring(wordStart, pos);
        boolean quoteFollows = pos < n && script.charAt(pos) == '\'';
        if (quoteFollows && word.equalsIgnoreCase("e")) {
            skipEscapeString();
            return;
        }
        noteWord(word.toLowerCase(Locale.ROOT));
    }

    /** Tracks what psql tracks: BEGIN/CASE/END depth inside CREATE FUNCTION/PROCEDURE, and COPY to the client. */
    private void noteWord(String word) {
        if (wordCount < routineWords.length && isRoutineHeaderWord(word)) {
            routineWords[wordCount] = word.charAt(0);
        }
        wordCount++;
        if (isRoutineDefinition() && parenDepth == 0) {
            switch (word) {
                case "begin" -> beginDepth++;
                case "case" -> {
                    if (beginDepth > 0) {
                        beginDepth++;
                    }
                }
                case "end" -> {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
                default -> {
                }
            }
        }
        if (firstWord == null) {
            firstWord = word;
        } else if ("copy".equals(firstWord) && parenDepth == 0) {
            if ("stdin".equals(word) && "from".equals(previousWord)) {
                throw new MigrationFormatException(fileName, startLine,
                        "COPY ... FROM STDIN needs psql to send the data; load data with INSERT, or COPY FROM a file on the database server");
            }
            if ("stdout".equals(word) && "to".equals(previousWord)) {
                throw new MigrationFormatException(fileName, startLine,
                        "COPY ... TO STDOUT sends data to psql; a migration cannot receive it (use COPY TO a file on the database server)");
            }
        }
        previousWord = word;
    }

    private static boolean isRoutineHeaderWord(String word) {
        return switch (word) {
            case "create", "function", "procedure", "or", "replace" -> true;
            default -> false;
        };
    }

    /** CREATE FUNCTION, CREATE PROCEDURE, CREATE OR REPLACE FUNCTION/PROCEDURE (psql's heuristic). */
    private boolean isRoutineDefinition() {
        char[] w = routineWords;
        return w[0] == 'c' && (w[1] == 'f' || w[1] == 'p'
                || (w[1] == 'o' && w[2] == 'r' && (w[3] == 'f' || w[3] == 'p')));
    }

    private MigrationFormatException metaCommand() {
        int i = pos + 1;
        while (i < script.length() && !isSpace(script.charAt(i)) && script.charAt(i) != '\n' && i - pos < 40) {
            i++;
        }
        String command = script.substring(pos, i);
        return new MigrationFormatException(fileName, line, "psql meta-command " + command
                + " is not SQL: Manor runs migration files as plain SQL, not through psql");
    }

    // PostgreSQL's lexer: whitespace [ \t\n\r\f\v], identifiers [A-Za-z\200-\377_][A-Za-z\200-\377_0-9$]*.
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isTagPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static boolean isIdentPart(char c) {
        return isTagPart(c) || c == '$';
    }

    private static boolean isNumberPart(char c) {
        return isTagPart(c) || c == '.';
    }
}
