package dev.manor.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations on the class path are read from folders and from inside jars alike. */
class LocalFolderTest {
    @TempDir
    Path tmp;

    @Test
    void migrationsInsideAJarAreCopiedToATemporaryFolderThatIsDeletedOnClose() throws Exception {
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/", null);
            entry(out, "db/migrations/", null);
            entry(out, "db/migrations/20240101000000_init/", null);
            entry(out, "db/migrations/20240101000000_init/migration.sql", "CREATE TABLE a (id int);\n");
            entry(out, "db/migrations/20240101000000_init/down.sql", "DROP TABLE a;\n");
            entry(out, "db/migrations/20240102000000_more/migration.sql", "CREATE TABLE b (id int);\n");
            entry(out, "other/readme.txt", "not a migration");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            var resolver = new PathMatchingResourcePatternResolver(new DefaultResourceLoader(loader));
            Path copied;
            try (LocalFolder folder = LocalFolder.of(resolver, List.of("classpath:db/migrations"), "manor.locations")) {
                copied = folder.path();
                assertThat(copied.resolve("20240101000000_init/migration.sql")).hasContent("CREATE TABLE a (id int);");
                assertThat(copied.resolve("20240101000000_init/down.sql")).hasContent("DROP TABLE a;");
                assertThat(copied.resolve("20240102000000_more/migration.sql")).exists();
                try (var files = Files.walk(copied)) {
                    assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(3);
                }
            }
            assertThat(copied).doesNotExist();
        }
    }

    @Test
    void repeatablesAndCallbacksBesideTheMigrationsInAJarAreCopiedBesideThemToo() throws Exception {
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Directory entries, as Maven writes them: Spring finds classpath*: folders in a jar through them.
            for (String dir : List.of("db/", "db/migrations/", "db/migrations/20240101000000_init/", "db/repeatable/",
                    "db/callbacks/")) {
                entry(out, dir, null);
            }
            entry(out, "db/migrations/20240101000000_init/migration.sql", "CREATE TABLE a (id int);\n");
            entry(out, "db/repeatable/a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM a;\n");
            entry(out, "db/callbacks/after-deploy.sql", "GRANT SELECT ON a_view TO PUBLIC;\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            var resolver = new PathMatchingResourcePatternResolver(new DefaultResourceLoader(loader));
            try (LocalFolder folder = LocalFolder.withSiblings(resolver, List.of("classpath:db/migrations"),
                    "manor.locations", List.of("repeatable", "callbacks"))) {
                Path migrations = folder.path();
                assertThat(migrations.getFileName()).hasToString("migrations");
                assertThat(migrations.resolve("20240101000000_init/migration.sql")).exists();
                assertThat(migrations.resolveSibling("repeatable").resolve("a_view.sql")).exists();
                assertThat(migrations.resolveSibling("callbacks").resolve("after-deploy.sql")).exists();
            }
        }
        assertThat(LocalFolder.sibling("classpath:db/migrations/", "repeatable")).isEqualTo("classpath:db/repeatable");
        assertThat(LocalFolder.sibling("classpath:migrations", "callbacks")).isEqualTo("classpath:callbacks");
    }

    @Test
    void aFolderOnDiskIsUsedWhereItIs() {
        Path dir = tmp.resolve("migrations");
        dir.toFile().mkdirs();
        try (LocalFolder folder = LocalFolder.of(new PathMatchingResourcePatternResolver(),
                List.of(dir.toUri().toString()), "manor.locations")) {
            assertThat(folder.path()).isEqualTo(dir);
        }
        assertThat(dir).exists();
    }

    private static void entry(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        if (text != null) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
