package io.abcast.bench;

import io.abcast.bench.Target.CheckLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs the single-row insert benchmark against every target in turn, each started fresh in its own directory, warmed
 * up, measured at each thread count, checked and stopped, and prints one table. Exits with 1 if a target failed or
 * its replicas disagreed at the end; performance is reported, never asserted.
 */
@Command(name = "abcast-bench", mixinStandardHelpOptions = true,
        description = "Single-row autocommit inserts: plain H2, abcast (1 and 3 replicas) and H2's cluster mode.")
public final class BenchMain implements Callable<Integer> {

    static final String BASELINE = "h2-embedded";
    static final List<String> TARGETS = List.of(BASELINE, "abcast-1", "abcast-3-jvm", "abcast-3-procs",
            "h2-cluster-2");

    @Option(names = "--targets", split = ",", defaultValue = "h2-embedded,abcast-1,abcast-3-jvm,abcast-3-procs,h2-cluster-2",
            description = "Targets to run, in order (default ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--threads", split = ",", defaultValue = "1,8",
            description = "Client thread counts; one measured run each (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Time limit of each measured run in seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--max-rows", defaultValue = "5000000",
            description = "Row limit of each measured run (default ${DEFAULT-VALUE}).")
    long maxRows;

    @Option(names = "--warmup", defaultValue = "200000",
            description = "At most this many inserts per target before measuring, not counted (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "At most this long a warm-up, in seconds (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--payload", defaultValue = "100", description = "Payload characters per row (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--dir", defaultValue = "target",
            description = "Directory in which each run makes its own bench-<run id> directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--keep", description = "Keep the databases after the run (the logs are always kept).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path runDir = dir.resolve("bench-" + runId).toAbsolutePath();
        Files.createDirectories(runDir);
        System.out.printf(Locale.ROOT, "abcast bench %s: each run %d s or %d rows, threads %s, warm-up %d s or %d "
                + "inserts, payload %d chars; in %s%n", runId, seconds, maxRows, threads, warmupSeconds, warmup, payload,
                runDir);
        List<RunResult> results = new ArrayList<>();
        List<String> report = new ArrayList<>();
        boolean ok = true;
        for (String name : targets) {
            Path targetDir = runDir.resolve(name);
            Files.createDirectories(targetDir);
            Target target = create(name, targetDir, runDir.resolve("logs"), "bench-" + runId + "-" + name);
            try {
                ok &= runTarget(target, results, report);
            } catch (Exception e) {
                ok = false;
                results.add(new RunResult(name, 0, 0, 0, 0, 0, 0, "failed: " + e));
                e.printStackTrace();
            } finally {
                target.close();
                if (!keep) {
                    deleteTree(targetDir);
                }
            }
        }
        System.out.println();
        ReportTable.print(results, BASELINE, System.out);
        System.out.println();
        System.out.println("End-of-run checks (rows on every replica or server; replicas' position, hash and digest):");
        report.forEach(System.out::println);
        System.out.println();
        System.out.println("Statement analysis before a statement runs (classification, determinism rules, splicing), "
                + "per statement; cached by SQL string:");
        System.out.print(AnalysisCost.measure());
        return ok ? 0 : 1;
    }

    private void checkOptions() {
        CommandLine cl = new CommandLine(this);
        for (String t : targets) {
            if (!TARGETS.contains(t)) {
                throw new CommandLine.ParameterException(cl, "unknown target " + t + "; known: " + TARGETS);
            }
        }
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new CommandLine.ParameterException(cl, "--threads needs whole numbers of at least 1: " + threads);
        }
        if (seconds < 1 || maxRows < 1 || warmup < 0 || warmupSeconds < 0 || payload < 1 || payload > 200) {
            throw new CommandLine.ParameterException(cl, "--seconds and --max-rows must be at least 1, the warm-up "
                    + "options at least 0, --payload from 1 to 200");
        }
    }

    private static Target create(String name, Path dir, Path logs, String cluster) {
        return switch (name) {
            case BASELINE -> new PlainH2Target(dir);
            case "abcast-1" -> new AbcastInJvmTarget(name, dir, 1, cluster);
            case "abcast-3-jvm" -> new AbcastInJvmTarget(name, dir, 3, cluster);
            case "abcast-3-procs" -> new AbcastProcessTarget(dir, logs, cluster);
            case "h2-cluster-2" -> new H2ClusterTarget(dir);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Starts, warms up, measures and checks one target; whether every run and check went through. */
    private boolean runTarget(Target target, List<RunResult> results, List<String> report) throws Exception {
        int maxThreads = Collections.max(threads);
        long started = System.nanoTime();
        target.start(maxThreads);
        Workload workload = new Workload(payload);
        RunResult warm = workload.run(target, maxThreads, warmup, Duration.ofSeconds(warmupSeconds));
        System.out.printf(Locale.ROOT, "%-16s started and warmed up (%d rows, %.0f rows/s) in %.1f s%n",
                target.name(), warm.rows(), warm.throughput(), (System.nanoTime() - started) / 1e9);
        if (warm.error() != null) {
            throw new IllegalStateException("the warm-up failed: " + warm.error());
        }
        long rows = warm.rows();
        boolean ok = true;
        for (int t : threads) {
            System.gc();
            RunResult r = workload.run(target, t, maxRows, Duration.ofSeconds(seconds));
            rows += r.rows();
            results.add(r);
            ok &= r.error() == null;
            System.out.printf(Locale.ROOT, "%-16s threads=%d: %d rows in %.1f s, %.0f rows/s%s%n", target.name(), t,
                    r.rows(), r.nanos() / 1e9, r.throughput(), r.error() == null ? "" : ", stopped: " + r.error());
        }
        long unknown = workload.idsUsed() - rows;
        List<CheckLine> checks = target.check(rows);
        for (CheckLine line : checks) {
            report.add(String.format(Locale.ROOT, "  %-16s %-4s %s", target.name(), line.ok() ? "ok" : "FAIL",
                    line.text() + (line.ok() || unknown == 0 ? "" : " (" + unknown + " inserts failed)")));
            ok &= line.ok();
        }
        return ok;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    public static void main(String[] args) {
        // Before H2, JGroups or SLF4J read them: loopback only, IPv4, and quiet logs in the measuring JVM.
        System.setProperty("h2.bindAddress", System.getProperty("h2.bindAddress", "127.0.0.1"));
        System.setProperty("java.net.preferIPv4Stack", System.getProperty("java.net.preferIPv4Stack", "true"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
