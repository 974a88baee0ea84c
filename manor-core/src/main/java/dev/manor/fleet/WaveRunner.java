package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.Fleet.DatabaseResult;
import dev.manor.Fleet.Member;
import dev.manor.Fleet.Outcome;
import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.DidYouMean;
import dev.manor.config.Secrets;
import dev.manor.deploy.DeployResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The canary, then the waves. The canary phase deploys one database at a time until one of them applies something
 * (databases already up to date pass through it, so a rerun after a halt still tries the new migrations on one
 * database first). Then waves of {@code waveSize} run in parallel on a pool of that many threads; after a wave with a
 * failure nothing more starts. A wave's members always run their whole deploy: stopping one between two migrations
 * would leave it half-way, where each database should be fully applied or untouched.
 */
public final class WaveRunner {
    private final List<Member> order;
    private final Fleet.Options options;

    public WaveRunner(List<Member> members, Fleet.Options options) {
        this.options = options;
        this.order = canaryFirst(members, options.canary());
    }

    private static List<Member> canaryFirst(List<Member> members, String canary) {
        if (canary == null) {
            return members;
        }
        Member first = members.stream().filter(m -> m.name().equals(canary)).findFirst()
                .orElseThrow(() -> new ManorException("no database '" + canary + "' in the fleet to use as the canary"
                        + DidYouMean.hint(canary, members.stream().map(Member::name).toList())));
        List<Member> ordered = new ArrayList<>();
        ordered.add(first);
        members.stream().filter(m -> m != first).forEach(ordered::add);
        return ordered;
    }

    public Fleet.Report run(Function<Member, Manor> manors) {
        long start = System.nanoTime();
        List<DatabaseResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int next = 0;
        // Canary phase: one at a time until a database applies something.
        while (next < order.size()) {
            DatabaseResult r = deployOne(order.get(next++), 0, manors);
            results.add(r);
            if (r.outcome() == Outcome.FAILED) {
                failed.add(r.name());
                break;
            }
            if (r.outcome() == Outcome.APPLIED) {
                break;
            }
        }
        if (failed.isEmpty() && next < order.size()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.waveSize(), order.size() - next),
                    r -> {
                        Thread t = new Thread(r, "manor-fleet");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                int wave = 1;
                while (next < order.size() && failed.isEmpty()) {
                    List<Member> members = order.subList(next, Math.min(order.size(), next + options.waveSize()));
                    next += members.size();
                    int w = wave++;
                    List<Future<DatabaseResult>> running = new ArrayList<>();
                    for (Member m : members) {
                        running.add(pool.submit(() -> deployOne(m, w, manors)));
                    }
                    for (Future<DatabaseResult> f : running) {
                        DatabaseResult r = await(f);
                        results.add(r);
                        if (r.outcome() == Outcome.FAILED) {
                            failed.add(r.name());
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (Member m : order.subList(next, order.size())) {
            results.add(new DatabaseResult(m.name(), m.describe(), -1, Outcome.NOT_STARTED, List.of(), null,
                    Duration.ZERO));
        }
        return new Fleet.Report(results, failed, Duration.ofNanos(System.nanoTime() - start));
    }

    private static DatabaseResult await(Future<DatabaseResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManorException("interrupted while a fleet wave was running", e);
        } catch (ExecutionException e) {
            // deployOne catches everything a deploy throws; an Error is not for the fleet to swallow
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private DatabaseResult deployOne(Member m, int wave, Function<Member, Manor> manors) {
        options.listener().starting(m, wave);
        long start = System.nanoTime();
        DatabaseResult result;
        try {
            DeployResult deployed = manors.apply(m).deploy(options.deploy());
            List<String> applied = new ArrayList<>(deployed.applied().stream()
                    .map(a -> a.step().migration().folderName()).toList());
            deployed.repeatables().forEach(r -> applied.add("repeatable " + r));
            result = new DatabaseResult(m.name(), m.describe(), wave,
                    deployed.nothingToDo() ? Outcome.UP_TO_DATE : Outcome.APPLIED, applied, null, since(start));
        } catch (RuntimeException e) {
            result = new DatabaseResult(m.name(), m.describe(), wave, Outcome.FAILED, List.of(),
                    oneLine(e, m), since(start));
        }
        options.listener().finished(result);
        return result;
    }

    static String oneLine(RuntimeException e, Member m) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof ManorException)) {
            msg = e.getClass().getSimpleName() + ": " + msg;
        }
        String first = msg.lines().findFirst().orElse("");
        return Secrets.mask(first, m.connection().effectivePassword());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
