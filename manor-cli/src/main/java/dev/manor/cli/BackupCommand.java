package dev.manor.cli;

import dev.manor.backup.BackupManifest;
import dev.manor.backup.VerificationResult;
import dev.manor.gate.Gates;
import dev.manor.gate.TrackedBackups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;

@Command(name = "backup", description = "Dump the environment's database (pg_dump, custom format) with a manifest into "
        + "<backups>/<env>/; --verify proves it by a restore into a scratch database on the same server.")
final class BackupCommand extends ProjectCommand {
    @Option(names = "--verify", description = "Restore the new backup into a scratch database and compare row counts.")
    boolean verify;

    @Override
    int run(Session session) {
        TrackedBackups backups = Gates.backups(session.config(), session.connection(), Clock.systemUTC());
        out().println("Backing up " + session.target() + " into " + backups.service().backupsDir());
        out().flush();
        long t0 = System.nanoTime();
        BackupManifest m = backups.backup();
        out().println("Backup " + m.dumpFile() + ": " + dev.manor.text.Plural.count(m.sizeBytes(), "byte") + ", "
                + dev.manor.text.Plural.count(m.rowCounts().size(), "table") + ", "
                + "latest migration " + m.latestMigrationId().orElse("(none)") + ", in " + millisSince(t0) + " ms");
        if (!verify) {
            out().println("Not verified: a protected deploy needs a verified backup ('manor backup --verify').");
            return ExitCodes.OK;
        }
        out().flush();
        VerificationResult r = backups.verify(m);
        r.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (!r.ok()) {
            r.problems().forEach(p -> spec.commandLine().getErr().println("manor: " + p));
            spec.commandLine().getErr().flush();
            out().println("Verification FAILED: " + r.summary());
            return ExitCodes.FAILED;
        }
        out().println("Verified by a restore into a scratch database in " + r.elapsed().toMillis() + " ms.");
        return ExitCodes.OK;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
