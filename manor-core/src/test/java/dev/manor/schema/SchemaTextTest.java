package dev.manor.schema;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Naming, rendering and JSON rules that need no database. */
class SchemaTextTest {
    private static SchemaSnapshot withRoutine(String body) {
        RoutineDef f = new RoutineDef("public", "f", "integer", false,
                "CREATE OR REPLACE FUNCTION public.f(integer)\n RETURNS integer\n LANGUAGE sql\nAS $$ " + body + " $$\n");
        return SchemaSnapshot.of(List.of(f));
    }

    @Test
    void namesAreQuotedOnlyWhenTheyWouldBeAmbiguous() {
        assertThat(Names.path("User", "phone")).isEqualTo("User.phone");
        assertThat(Names.path("my table", "a.b")).isEqualTo("\"my table\".\"a.b\"");
        assertThat(Names.display("public", "User")).isEqualTo("User");
        assertThat(Names.display("app", "User")).isEqualTo("app.User");
    }

    @Test
    void longValuesAreShownAroundTheirFirstDifferenceOnOneLine() {
        SchemaDiff diff = SchemaDiff.between(withRoutine("SELECT $1 + 1"), withRoutine("SELECT $1 + 2"));
        assertThat(diff.render()).doesNotContain("\n")
                .startsWith("function f(integer): definition differs: expected \"")
                .contains("+ 1 $$\", actual \"").contains("+ 2 $$\"");
    }

    @Test
    void canonicalTextKeepsMultiLineValuesOnOneLine() {
        String text = withRoutine("SELECT 1").toCanonicalText();
        assertThat(text.lines().toList()).containsExactly(
                "manor schema snapshot v1",
                "function public.f(integer)",
                "  definition: CREATE OR REPLACE FUNCTION public.f(integer)\\n RETURNS integer\\n LANGUAGE sql\\nAS $$ SELECT 1 $$\\n");
    }

    @Test
    void badJsonIsRejectedWithAOneLineMessage() {
        assertThatThrownBy(() -> SchemaSnapshot.fromJson("{\"tables\": 3}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid schema snapshot: ");
    }

    @Test
    void twoObjectsWithTheSameNameAreRefused() {
        SequenceDef s = new SequenceDef("public", "s", "bigint", 1, 1, 1, 10, 1, false, null);
        assertThatThrownBy(() -> SchemaSnapshot.of(List.of(s, s)))
                .isInstanceOf(IllegalStateException.class).hasMessage("two schema objects share the name sequence public.s");
    }
}
