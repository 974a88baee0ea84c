package dev.manor;

import dev.manor.deploy.DeployResult;

import java.util.List;

/** What a rollback did: the migrations whose down script ran, newest first. */
public final class RollbackResult {
    private final List<DeployResult.Applied> rolledBack;

    RollbackResult(List<DeployResult.Applied> rolledBack) {
        this.rolledBack = List.copyOf(rolledBack);
    }

    /**
     * The rolled-back migrations with each one's execution report, in the order they ran.
     *
     * @return one entry per migration, newest first
     */
    public List<DeployResult.Applied> rolledBack() {
        return rolledBack;
    }

    /**
     * The ids of the rolled-back migrations.
     *
     * @return migration ids, newest first
     */
    public List<String> migrationIds() {
        return rolledBack.stream().map(a -> a.step().migration().id()).toList();
    }

    /**
     * Whether there was nothing to roll back.
     *
     * @return true when no migration was rolled back
     */
    public boolean nothingToDo() {
        return rolledBack.isEmpty();
    }
}
