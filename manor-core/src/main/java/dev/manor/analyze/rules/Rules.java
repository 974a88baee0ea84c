package dev.manor.analyze.rules;

import dev.manor.analyze.Rule;

import java.util.List;
import java.util.Optional;

/** Every rule the analyzer applies, in report order. */
public final class Rules {
    private static final List<Rule> ALL = List.of(
            new AddColumnVolatileDefault(),
            new AddColumnNotNullWithoutDefault(),
            new SetNotNull(),
            new DropNotNull(),
            new AlterColumnType(),
            new ConstraintWithoutNotValid(),
            new ValidateInSameTransaction(),
            new UniqueWithoutConcurrentIndex(),
            new CreateIndexNonConcurrent(),
            new DropIndexNonConcurrent(),
            new BlockingMaintenance(),
            new RenameColumn(),
            new RenameTable(),
            new DropColumn(),
            new DropTable(),
            new Truncate(),
            new BackfillInDdlMigration(),
            new LockTimeoutMissing(),
            new ConcurrentlyInTransaction(),
            new PreferBigintKeys(),
            new PreferText(),
            new PreferTimestamptz(),
            new PreferJsonb(),
            new NotObservable());

    private Rules() {
    }

    public static List<Rule> all() {
        return ALL;
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
