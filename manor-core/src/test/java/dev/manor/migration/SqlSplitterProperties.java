package dev.manor.migration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts built from statements whose boundaries are known, with semicolons, quotes and dollar signs
 * hidden in every place PostgreSQL allows them: the splitter must find exactly those boundaries.
 */
class SqlSplitterProperties {

    /** A generated script and the statements it must split into. */
    record Script(String text, List<SqlStatement> statements) {
        @Override
        public String toString() {
            return text;
        }
    }

    @Property(tries = 300)
    void splitsIntoExactlyTheGeneratedStatements(@ForAll("scripts") Script script) {
        assertThat(SqlSplitter.split(script.text(), "gen.sql")).containsExactlyElementsOf(script.statements());
    }

    @Property(tries = 300)
    void neverThrowsAndIsStableWhenRejoined(@ForAll("tokenSoup") String soup) {
        List<SqlStatement> first = SqlSplitter.split(soup, "soup.sql");
        String rejoined = first.stream().map(SqlStatement::sql).collect(Collectors.joining(";\n"));
        List<SqlStatement> second = SqlSplitter.split(rejoined, "soup.sql");

        assertThat(second).extracting(SqlStatement::sql).containsExactlyElementsOf(first.stream().map(SqlStatement::sql).toList());
        int expectedLine = 1;
        for (SqlStatement statement : second) {
            assertThat(statement.line()).isEqualTo(expectedLine);
            expectedLine += newlines(statement.sql()) + 1;
        }
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<String> statement = Combinators.combine(
                        Arbitraries.of("SELECT", "UPDATE", "INSERT", "DELETE", "ALTER", "DO", "COMMENT"),
                        Combinators.combine(separator(), fragment()).as(String::concat).list().ofMaxSize(8))
                .as((head, rest) -> head + String.join("", rest));
        Arbitrary<String> gap = Arbitraries.oneOf(whitespace(), separator(), Arbitraries.just(";"), Arbitraries.just(" ;\n"))
                .list().ofMaxSize(3).map(parts -> String.join("", parts));
        Arbitrary<Boolean> finalSemicolon = Arbitraries.of(true, false);
        return Combinators.combine(Combinators.combine(gap, statement).as(List::of).list().ofMaxSize(6), gap, finalSemicolon)
                .as(SqlSplitterProperties::assemble);
    }

    /** Statements joined by ';' (the last one maybe without), each preceded by its gap of blanks, comments and empty statements. */
    private static Script assemble(List<List<String>> gapsAndStatements, String trailer, boolean finalSemicolon) {
        StringBuilder text = new StringBuilder();
        List<SqlStatement> expected = new ArrayList<>();
        for (int i = 0; i < gapsAndStatements.size(); i++) {
            String gap = gapsAndStatements.get(i).get(0);
            String sql = gapsAndStatements.get(i).get(1);
            text.append(gap);
            expected.add(new SqlStatement(sql, 1 + newlines(text)));
            text.append(sql);
            boolean last = i == gapsAndStatements.size() - 1;
            if (!last || finalSemicolon) {
                text.append(" ;");
            }
        }
        // After a last statement without ';' only blanks and comments may follow.
        text.append(finalSemicolon ? trailer : trailer.replace(";", " "));
        return new Script(text.toString(), expected);
    }

    /** Fragments, semicolons and separators in any order: every statement boundary is unknown. */
    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.oneOf(fragment(), separator(), Arbitraries.just(";"))
                .list().ofMaxSize(25).map(parts -> String.join(" ", parts));
    }

    private static Arbitrary<String> fragment() {
        return Arbitraries.oneOf(
                identifier(),
                Arbitraries.of("=", "+", "*", ",", "::", "<>", "FROM", "WHERE", "AS", "begin", "end", "case", "42", "3.14"),
                quoted('\'', pieces("a", " ", ";", "''", "\n", "--", "/*", "$$", "\"", "\\")),
                quoted('\'', pieces("a", ";", "\\'", "\\\\", "''", "\n", "\"", "$$", "--")).map(body -> "E" + body),
                quoted('"', pieces("a", " ", ";", "\"\"", "'", "\n", "$$", "--", "/*")),
                dollarQuoted(),
                Arbitraries.integers().between(1, 99).map(n -> "$" + n),
                identifier().map(id -> "(" + id + ")"));
    }

    private static Arbitrary<String> identifier() {
        return Combinators.combine(
                        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_").ofLength(1),
                        Arbitraries.strings().withChars("abcxyz019_$").ofMaxLength(6))
                .as(String::concat);
    }

    private static Arbitrary<String> dollarQuoted() {
        List<String> tags = List.of("", "fn", "_x1", "body");
        return Arbitraries.of(tags).flatMap(tag -> {
            List<String> bodyPieces = new ArrayList<>(List.of("a", " ", ";", "'", "\"", "\n", "--", "/*", "*/", "\\", "$1"));
            tags.stream().filter(other -> !other.equals(tag)).forEach(other -> bodyPieces.add("$" + other + "$"));
            String delimiter = "$" + tag + "$";
            // Pieces such as "$fn$" + "$1" can meet to form "$$": PostgreSQL would close there, so such bodies are left out.
            return pieces(bodyPieces.toArray(String[]::new))
                    .filter(body -> (body + delimiter).indexOf(delimiter) == body.length())
                    .map(body -> delimiter + body + delimiter);
        });
    }

    private static Arbitrary<String> quoted(char quote, Arbitrary<String> body) {
        return body.map(b -> quote + b + quote);
    }

    private static Arbitrary<String> pieces(String... pieces) {
        return Arbitraries.of(pieces).list().ofMaxSize(6).map(parts -> String.join("", parts));
    }

    private static Arbitrary<String> whitespace() {
        return Arbitraries.of(" ", "\n", "\t", "\r\n", "  \n\n").list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
    }

    /** Blanks, or a comment between blanks; the comments carry the characters that could fool a splitter. */
    private static Arbitrary<String> separator() {
        Arbitrary<String> commentText = pieces("a", " ", ";", "'", "\"", "$$", "$fn$", "E'", "\\");
        Arbitrary<String> lineComment = commentText.map(t -> " --" + t + "\n");
        Arbitrary<String> blockComment = Combinators.combine(commentText, commentText, commentText)
                .as((a, b, c) -> " /*" + a + "/*" + b + "\n*/" + c + "*/ ");
        return Arbitraries.oneOf(whitespace(), lineComment, blockComment);
    }

    private static int newlines(CharSequence text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
