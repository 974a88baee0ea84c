package dev.manor.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Backups are full copies of the data: their folders are created 0700 and their files 0600, from the start, so
 * no other local user can read them at any moment whatever the umask. On a file system without POSIX
 * permissions (Windows) the folder's own ACLs apply.
 */
final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates the folder and any missing parents owner-only; an existing folder of this user is tightened too. */
    static void createDirectories(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        Files.createDirectories(dir, attribute(DIR));
        if (!Files.getPosixFilePermissions(dir).equals(DIR) && isMine(dir)) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    /** Creates an empty owner-only file (replacing any leftover) for a writer that keeps an existing file's mode. */
    static void createFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (POSIX) {
            Files.createFile(file, attribute(FILE));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean isMine(Path path) throws IOException {
        return Files.getOwner(path).getName().equals(System.getProperty("user.name"));
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
