package io.abcast.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs each workload (single-row inserts, bank transfers at low and high contention) against every target in turn,
 * each target started fresh for each workload in its own directory, warmed up, measured at each thread count,
 * checked and stopped, and prints one table per workload. The fault workloads ({@code catchup}, {@code failover})
 * run replicas of their own instead of the targets. Exits with 1 if a target failed or its end state was wrong
 * (replicas disagreeing, rows or money missing); performance is reported, never asserted.
 */
@Command(name = "abcast-bench", mixinStandardHelpOptions = true,
        description = "Single-row autocommit inserts and bank transfers in transactions: plain H2, abcast (1 and 3 "
                + "replicas) and H2's cluster mode.")
public final class BenchMain implements Callable<Integer> {

    static final String BASELINE = "h2-embedded";
    static final List<String> TARGETS = List.of(BASELINE, "abcast-1", "abcast-3-jvm", "abcast-3-procs",
            "h2-cluster-2");
    static final List<String> FAULT_WORKLOADS = List.of("catchup", "failover");
    static final List<String> WORKLOADS = List.of("insert", "bank-low", "bank-high", "catchup", "failover");

    @Option(names = {"--workload", "--workloads"}, split = ",", defaultValue = "insert,bank-low,bank-high",
            description = "Workloads to run, in order, each with its own table (default ${DEFAULT-VALUE}; also "
                    + "catchup and failover).")
    List<String> workloads;

    @Option(names = "--targets", split = ",", defaultValue = "h2-embedded,abcast-1,abcast-3-jvm,abcast-3-procs,h2-cluster-2",
            description = "Targets to run, in order (default ${DEFAULT-VALUE}); the bank workloads skip h2-cluster-2, "
                    + "catchup and failover run replicas of their own.")
    List<String> targets;

    @Option(names = "--threads", split = ",", defaultValue = "1,8",
            description = "Client thread counts; one measured run each (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Time limit of each measured insert run in seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--max-rows", defaultValue = "5000000",
            description = "Row limit of each measured insert run (default ${DEFAULT-VALUE}).")
    long maxRows;

    @Option(names = "--warmup", defaultValue = "200000",
            description = "At most this many inserts per target before measuring, not counted (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "At most this long an insert warm-up, in seconds (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--payload", defaultValue = "100", description = "Payload characters per row (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--bank-seconds", defaultValue = "5",
            description = "Time limit of each measured bank run in seconds (default ${DEFAULT-VALUE}).")
    int bankSeconds;

    @Option(names = "--bank-warmup-seconds", defaultValue = "3",
            description = "Length of a bank warm-up, in seconds (default ${DEFAULT-VALUE}).")
    int bankWarmupSeconds;

    @Option(names = "--accounts-low", defaultValue = "10000",
            description = "Accounts of bank-low, the low-contention bank workload (default ${DEFAULT-VALUE}).")
    int accountsLow;

    @Option(names = "--accounts-high", defaultValue = "10",
            description = "Accounts of bank-high, the high-contention bank workload (default ${DEFAULT-VALUE}).")
    int accountsHigh;

    @Option(names = "--catchup-commands", defaultValue = "20000",
            description = "catchup: inserts a stopped replica misses in the log case (default ${DEFAULT-VALUE}).")
    long catchupCommands;

    @Option(names = "--snapshot-mb", defaultValue = "40",
            description = "catchup: megabytes of SQL script the snapshot cases' data set makes (default ${DEFAULT-VALUE}).")
    int snapshotMb;

    @Option(names = "--failover", split = ",", defaultValue = "in-jvm,tcp-kill,tcp-stop",
            description = "failover: set-ups and ways to crash the sequencer (default ${DEFAULT-VALUE}).")
    List<String> failoverKinds;

    @Option(names = "--failover-rounds", defaultValue = "3",
            description = "failover: crashes per set-up, each in a fresh cluster (default ${DEFAULT-VALUE}).")
    int failoverRounds;

    @Option(names = "--fault-writers", defaultValue = "4",
            description = "catchup and failover: writer threads (default ${DEFAULT-VALUE}).")
    int faultWriters;

    @Option(names = "--fd-timeout-ms", defaultValue = "2000",
            description = "failover in-jvm: FD_ALL3's timeout in milliseconds (default ${DEFAULT-VALUE}).")
    long fdTimeoutMillis;

    @Option(names = "--dir", defaultValue = "target",
            description = "Directory in which each run makes its own bench-<run id> directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--live-heap", description = "During insert runs, force a full GC every 10 s and report the live "
            + "heap (for a long run that checks memory stays bounded); otherwise the heap after the last GC.")
    boolean liveHeap;

    @Option(names = "--keep", description = "Keep the databases after the run (the logs are always kept).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        long began = System.nanoTime();
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path runDir = dir.resolve("bench-" + runId).toAbsolutePath();
        Files.createDirectories(runDir);
        System.out.printf(Locale.ROOT, "abcast bench %s: workloads %s, targets %s, threads %s; in %s%n", runId,
                workloads, targets, threads, runDir);
        boolean ok = true;
        for (String workload : workloads) {
            if (FAULT_WORKLOADS.contains(workload)) {
                ok &= runScenario(scenario(workload), runDir, runId);
                continue;
            }
            Bench bench = bench(workload);
            List<String> report = new ArrayList<>();
            double loadBefore = loadAverage();
            for (String name : targets) {
                if (!bench.supports(name)) {
                    continue;
                }
                Path targetDir = runDir.resolve(workload).resolve(name);
                Files.createDirectories(targetDir);
                Target target = create(name, targetDir, runDir.resolve("logs").resolve(workload),
                        "bench-" + runId + "-" + workload + "-" + name);
                try {
                    ok &= bench.run(target, report);
                } catch (Exception e) {
                    ok = false;
                    bench.failed(name, e);
                    e.printStackTrace();
                } finally {
                    target.close();
                    if (!keep) {
                        deleteTree(targetDir);
                    }
                }
            }
            printResults(workload, bench.title(), loadBefore, bench::printTable, report);
            if (bench instanceof InsertBench insert && threads.size() > 1) {
                Path png = runDir.resolve("insert-throughput.png");
                insert.plot(png);
                System.out.println("Plot of throughput against client threads: " + png);
            }
        }
        System.out.println("Statement analysis before a statement runs (classification, determinism rules, splicing), "
                + "per statement; cached by SQL string:");
        System.out.print(AnalysisCost.measure());
        System.out.printf(Locale.ROOT, "%nThe whole run took %.0f s.%n", (System.nanoTime() - began) / 1e9);
        return ok ? 0 : 1;
    }

    private boolean runScenario(Scenario scenario, Path runDir, String runId) throws IOException {
        List<String> report = new ArrayList<>();
        double loadBefore = loadAverage();
        Path scenarioDir = runDir.resolve(scenario.name());
        Files.createDirectories(scenarioDir);
        boolean ok;
        try {
            ok = scenario.run(scenarioDir, runDir.resolve("logs").resolve(scenario.name()),
                    "bench-" + runId + "-" + scenario.name(), report);
        } catch (Exception e) {
            ok = false;
            report.add("  FAIL " + e);
            e.printStackTrace();
        } finally {
            if (!keep) {
                deleteTree(scenarioDir);
            }
        }
        printResults(scenario.name(), scenario.title(), loadBefore, scenario::printTable, report);
        return ok;
    }

    private static void printResults(String workload, String title, double loadBefore,
                                     Consumer<PrintStream> table, List<String> report) {
        System.out.println();
        System.out.println(title);
        System.out.printf(Locale.ROOT, "(load average over 1 minute: %.1f at the start of the workload, %.1f at its "
                + "end, on %d cores)%n", loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
        table.accept(System.out);
        System.out.println();
        System.out.println("End-of-run checks of " + workload + " (the data on every replica or server; the "
                + "replicas' position, hash and digest):");
        report.forEach(System.out::println);
        System.out.println();
    }

    /** The system's load average over the last minute, or -1 where the system does not tell. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private Bench bench(String workload) {
        return switch (workload) {
            case "insert" -> new InsertBench(threads, seconds, maxRows, warmup, warmupSeconds, payload, liveHeap);
            case "bank-low" -> new BankBench(workload, accountsLow, threads, bankSeconds, bankWarmupSeconds);
            case "bank-high" -> new BankBench(workload, accountsHigh, threads, bankSeconds, bankWarmupSeconds);
            default -> throw new IllegalArgumentException(workload);
        };
    }

    private Scenario scenario(String workload) {
        return switch (workload) {
            case "catchup" -> new CatchUpScenario(catchupCommands, snapshotMb, faultWriters);
            case "failover" -> new FailoverScenario(failoverKinds, failoverRounds, faultWriters, fdTimeoutMillis);
            default -> throw new IllegalArgumentException(workload);
        };
    }

    private void checkOptions() {
        CommandLine cl = new CommandLine(this);
        for (String t : targets) {
            if (!TARGETS.contains(t)) {
                throw new CommandLine.ParameterException(cl, "unknown target " + t + "; known: " + TARGETS);
            }
        }
        for (String w : workloads) {
            if (!WORKLOADS.contains(w)) {
                throw new CommandLine.ParameterException(cl, "unknown workload " + w + "; known: " + WORKLOADS);
            }
        }
        for (String k : failoverKinds) {
            if (!FailoverScenario.KINDS.contains(k)) {
                throw new CommandLine.ParameterException(cl, "unknown failover set-up " + k + "; known: "
                        + FailoverScenario.KINDS);
            }
        }
        if (catchupCommands < 1 || snapshotMb < 1 || failoverRounds < 1 || faultWriters < 1 || fdTimeoutMillis < 100) {
            throw new CommandLine.ParameterException(cl, "--catchup-commands, --snapshot-mb, --failover-rounds and "
                    + "--fault-writers must be at least 1, --fd-timeout-ms at least 100");
        }
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new CommandLine.ParameterException(cl, "--threads needs whole numbers of at least 1: " + threads);
        }
        if (seconds < 1 || maxRows < 1 || warmup < 0 || warmupSeconds < 0 || payload < 1 || payload > 200) {
            throw new CommandLine.ParameterException(cl, "--seconds and --max-rows must be at least 1, the warm-up "
                    + "options at least 0, --payload from 1 to 200");
        }
        if (bankSeconds < 1 || bankWarmupSeconds < 0 || accountsLow < 2 || accountsHigh < 2) {
            throw new CommandLine.ParameterException(cl, "--bank-seconds must be at least 1, --bank-warmup-seconds at "
                    + "least 0, the account counts at least 2");
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
        // The fault workloads show the replicas' views, reconciliations and snapshots as they happen.
        if (Arrays.stream(args).anyMatch(a -> FAULT_WORKLOADS.stream().anyMatch(a::contains))) {
            System.setProperty("org.slf4j.simpleLogger.log.io.abcast",
                    System.getProperty("org.slf4j.simpleLogger.log.io.abcast", "info"));
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
