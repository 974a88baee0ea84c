package dev.manor.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes manifests as JSON; writes go through a temporary file so a crash never leaves half a manifest. */
final class ManifestFiles {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Newer Manor versions may add fields; older ones must still list and restore those backups.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestFiles() {
    }

    static BackupManifest read(Path manifestFile) {
        if (!Files.isRegularFile(manifestFile)) {
            throw new BackupException("backup manifest " + manifestFile + " does not exist");
        }
        try {
            BackupManifest m = JSON.readValue(manifestFile.toFile(), BackupManifest.class);
            if (m.dumpFile() == null || m.sha256() == null) {
                throw new BackupException("backup manifest " + manifestFile + " is incomplete (no dump file or checksum)");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new BackupException("backup manifest " + manifestFile + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BackupException("cannot read backup manifest " + manifestFile + ": " + e.getMessage(), e);
        }
    }

    static void write(Path manifestFile, BackupManifest manifest) {
        Path tmp = manifestFile.resolveSibling(manifestFile.getFileName() + ".partial");
        try {
            OwnerOnly.createFile(tmp);
            JSON.writeValue(tmp.toFile(), manifest);
            Files.move(tmp, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackupException("cannot write backup manifest " + manifestFile + ": " + e.getMessage(), e);
        }
    }
}
