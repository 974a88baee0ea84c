package dev.manor;

import dev.manor.deploy.Rollbacker;

/** Which applied migrations a rollback undoes, newest first. */
public final class RollbackTarget {
    private final Rollbacker.Target target;

    private RollbackTarget(Rollbacker.Target target) {
        this.target = target;
    }

    /**
     * The newest {@code n} applied migrations.
     *
     * @param n how many, at least 1
     * @return the target
     * @throws ManorException when {@code n} is less than 1
     */
    public static RollbackTarget steps(int n) {
        if (n < 1) {
            throw new ManorException("a rollback of " + n + " steps: roll back at least 1");
        }
        return new RollbackTarget(Rollbacker.Target.steps(n));
    }

    /**
     * Every applied migration newer than {@code id}; {@code id} itself stays applied.
     *
     * @param id a migration id
     * @return the target
     */
    public static RollbackTarget to(String id) {
        return new RollbackTarget(Rollbacker.Target.to(id));
    }

    Rollbacker.Target toInternal() {
        return target;
    }
}
