package dev.manor.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlWhitespaceTest {
    @Test
    void whitespaceBetweenTokensIsInsignificant() {
        assertThat(SqlWhitespace.normalize("AS $function$\n  BEGIN\n    RETURN a+b;\n  END\n$function$"))
                .isEqualTo(SqlWhitespace.normalize("AS $function$ BEGIN RETURN a + b; END $function$"));
    }

    @Test
    void literalsIdentifiersAndNestedDollarStringsKeepTheirWhitespace() {
        assertThat(SqlWhitespace.normalize("SELECT 'a  b'")).isNotEqualTo(SqlWhitespace.normalize("SELECT 'a b'"));
        assertThat(SqlWhitespace.normalize("SELECT \"a  b\"")).isNotEqualTo(SqlWhitespace.normalize("SELECT \"a b\""));
        assertThat(SqlWhitespace.normalize("EXECUTE $q$ x  y $q$")).isNotEqualTo(SqlWhitespace.normalize("EXECUTE $q$ x y $q$"));
        assertThat(SqlWhitespace.normalize("SELECT E'it\\'s  x'")).isNotEqualTo(SqlWhitespace.normalize("SELECT E'it\\'s x'"));
    }

    @Test
    void wordsStaySeparatedAndALineCommentEndsItsLine() {
        assertThat(SqlWhitespace.normalize("RETURN  NEW")).isEqualTo("RETURN NEW");
        assertThat(SqlWhitespace.normalize("a -- c\nb")).isNotEqualTo(SqlWhitespace.normalize("a -- c b"));
    }
}
