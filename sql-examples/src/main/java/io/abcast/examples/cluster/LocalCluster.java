package io.abcast.examples.cluster;

import io.abcast.examples.cluster.NodeProcess.Event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Scenario} on a cluster of replica processes on this machine, on loopback, and returns what happened:
 * it starts one {@link ScenarioNode} JVM per node (this JVM's java and class path, the scenario's class as the main
 * class), node 1 first so that it becomes the sequencer, waits until every node sees every other, has node 1 set the
 * scenario up, lets every node's clients run at once, then has every replica report once it has applied every
 * command, and judges the reports ({@link Checks#verdict}). See {@link ScenarioNode} for the line protocol.
 *
 * <h2>Contract</h2>
 * Every child process is stopped before {@link #run} returns or throws (asked to exit, else killed), and killed by a
 * shutdown hook if this JVM ends first. Each run gets its own data directory ({@code dataDir/<name>-<run id>}) and
 * cluster name. A node that fails, exits or does not answer in time makes {@link #run} throw a {@link RunFailed}
 * that quotes the node's log; a replica that differs or a broken invariant does not throw: it is in the returned
 * {@link Run#verdict()}.
 */
public final class LocalCluster {

    /** How long the processes get to start and see each other, and to report at the end. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);

    /**
     * How to run.
     *
     * @param port       first TCP port of the nodes' range of 10 on 127.0.0.1 (the abcast default is 7800)
     * @param timeout    how long the clients get to do everything
     * @param logLevel   the children's slf4j-simple level (warn keeps the output readable)
     */
    public record Settings(Path dataDir, int port, Duration timeout, String logLevel) {
    }

    /** What the run tells as it goes. Called on the thread that called {@link #run}. */
    public interface Listener {
        /** A step began or ended, in words. */
        default void step(String text) {
        }

        /** {@code done} of {@code total} operations are done. */
        default void progress(long done, long total) {
        }

        /** A node printed a line that is not part of the protocol. */
        default void output(String node, String line) {
        }
    }

    /** A node failed, exited early or did not answer in time. */
    public static final class RunFailed extends Exception {
        RunFailed(String message) {
            super(message);
        }
    }

    private final Scenario scenario;
    private final Settings settings;
    private final Listener listener;
    private final String runId;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<NodeProcess> processes = new CopyOnWriteArrayList<>();
    private final Path runDir;

    private LocalCluster(Scenario scenario, Settings settings, Listener listener) {
        this.scenario = scenario;
        this.settings = settings;
        this.listener = listener;
        this.runId = scenario.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        this.runDir = settings.dataDir().resolve(runId).toAbsolutePath();
    }

    /** Runs the scenario once; see the class comment. */
    public static Run run(Scenario scenario, Settings settings, Listener listener)
            throws RunFailed, IOException, InterruptedException {
        return new LocalCluster(scenario, settings, listener).run();
    }

    private Run run() throws RunFailed, IOException, InterruptedException {
        Files.createDirectories(runDir);
        Thread killer = new Thread(this::killAll, scenario.name() + "-kill-children");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            return drive();
        } finally {
            List<Integer> codes = stopAll();
            listener.step("processes stopped, exit codes " + codes);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook runs anyway
                killAll();
            }
        }
    }

    private Run drive() throws RunFailed, IOException, InterruptedException {
        int n = scenario.nodes();
        long t0 = System.nanoTime();
        listener.step("run " + runId + ", data in " + runDir);
        startNode(1);
        await(1, "STARTED");
        listener.step("n1 is up after " + seconds(System.nanoTime() - t0) + " s; it will be the sequencer");
        for (int k = 2; k <= n; k++) {
            startNode(k);
        }
        Map<Integer, String> ready = collect("READY");
        long formed = System.nanoTime() - t0;
        List<String> members = Arrays.asList(Fields.parse(ready.get(1)).text("members").split(","));
        listener.step("cluster formed in " + seconds(formed) + " s: " + members);

        processes.get(0).send("SETUP");
        long setupPosition = Fields.parse(await(1, "SETUP_DONE")).number("position");
        listener.step("schema and initial data created by n1, position " + setupPosition);

        long workStart = System.nanoTime();
        sendAll("GO position=" + setupPosition);
        List<NodeResult> nodes = workload();
        long workload = System.nanoTime() - workStart;

        long expected = setupPosition + Checks.sum(nodes, NodeResult::commands);
        sendAll("FINISH position=" + expected);
        List<ReplicaResult> replicas = reports();
        List<Long> pids = processes.stream().map(NodeProcess::pid).toList();
        List<Integer> codes = stopAll();
        return new Run(scenario, runId, runDir, members, formed, setupPosition, workload, nodes, replicas, pids, codes,
                Checks.verdict(scenario, setupPosition, nodes, replicas));
    }

    private void startNode(int node) throws IOException {
        String name = "n" + node;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + settings.logLevel());
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(scenario.getClass().getName());
        command.add("node=" + node);
        command.add("url=" + url(node));
        command.add("timeout=" + Math.max(STEP_TIMEOUT.toSeconds(), settings.timeout().toSeconds()));
        command.addAll(scenario.args());
        NodeProcess process = NodeProcess.start(node, command, runDir.resolve(name + ".log"), events);
        processes.add(process);
        listener.step("started " + name + " (pid " + process.pid() + "): " + url(node));
    }

    /** The node's JDBC URL: a file database in the run's directory, the run's cluster, and the node's name. */
    String url(int node) {
        String name = "n" + node;
        return "jdbc:abcast:h2:" + runDir.resolve(name) + ";abcast.cluster=" + runId + ";abcast.node=" + name
                + ";abcast.size=" + scenario.nodes() + ";abcast.bind=127.0.0.1:" + settings.port()
                + ";abcast.members=127.0.0.1:" + settings.port();
    }

    private List<NodeResult> workload() throws RunFailed, InterruptedException {
        long total = (long) scenario.nodes() * scenario.clientsPerNode() * scenario.operationsPerClient();
        long[] done = new long[scenario.nodes() + 1];
        NodeResult[] results = new NodeResult[scenario.nodes()];
        int remaining = scenario.nodes();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        listener.progress(0, total);
        while (remaining > 0) {
            Event e = next(deadline, "the clients to finish");
            if (e.line().startsWith("PROGRESS ")) {
                done[e.node()] = Fields.parse(e.line()).number("done");
            } else if (e.line().startsWith("DONE ")) {
                NodeResult r = NodeResult.parse(e.line());
                results[e.node() - 1] = r;
                done[e.node()] = r.operations();
                remaining--;
            } else {
                throw unexpected(e, "PROGRESS or DONE");
            }
            listener.progress(Arrays.stream(done).sum(), total);
        }
        return List.of(results);
    }

    private List<ReplicaResult> reports() throws RunFailed, InterruptedException {
        Map<Integer, ReplicaResult> reports = new TreeMap<>();
        int ended = 0;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (ended < scenario.nodes()) {
            Event e = next(deadline, "the replicas' reports");
            if (e.line().startsWith("END ")) {
                ended++;
            } else if (e.line().startsWith("REPORT ")) {
                try {
                    reports.put(e.node(), ReplicaResult.parse(e.line()));
                } catch (IllegalArgumentException ex) {
                    throw new RunFailed("a malformed report: " + ex.getMessage());
                }
            } else if (!e.line().startsWith("PROGRESS ")) { // a last tick from before DONE
                throw unexpected(e, "REPORT or END");
            }
        }
        return List.copyOf(reports.values());
    }

    /** Waits for one line with this keyword from every node; returns the lines by node. */
    private Map<Integer, String> collect(String keyword) throws RunFailed, InterruptedException {
        Map<Integer, String> lines = new TreeMap<>();
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (lines.size() < scenario.nodes()) {
            Event e = next(deadline, keyword + " from every node");
            if (e.line().startsWith(keyword + " ")) {
                lines.put(e.node(), e.line());
            } else if (!e.line().startsWith("STARTED ")) {
                throw unexpected(e, keyword);
            }
        }
        return lines;
    }

    private String await(int node, String keyword) throws RunFailed, InterruptedException {
        Event e = next(System.nanoTime() + STEP_TIMEOUT.toNanos(), keyword + " from n" + node);
        if (e.node() != node || !e.line().startsWith(keyword + " ")) {
            throw unexpected(e, keyword);
        }
        return e.line();
    }

    /** The next protocol line; lines outside the protocol go to the listener, a failure or an exit throws. */
    private Event next(long deadline, String waitingFor) throws RunFailed, InterruptedException {
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new RunFailed("timed out waiting for " + waitingFor + logs());
            }
            NodeProcess p = processes.get(e.node() - 1);
            if (e.line() == null) {
                p.awaitExit(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                throw new RunFailed("n" + e.node() + " exited (code " + p.exitCode() + ") while waiting for "
                        + waitingFor + log(p));
            }
            if (e.line().startsWith("FAILED ")) {
                throw new RunFailed(e.line().substring(7) + log(p));
            }
            if (e.line().matches("[A-Z_]+ .*")) {
                return e;
            }
            listener.output("n" + e.node(), e.line());
        }
    }

    private static RunFailed unexpected(Event e, String wanted) {
        return new RunFailed("expected " + wanted + " but n" + e.node() + " said: " + e.line());
    }

    private void sendAll(String line) throws IOException {
        for (NodeProcess p : processes) {
            p.send(line);
        }
    }

    /** Asks every process to exit, and waits for them all (ending those still there after 30 s). */
    private List<Integer> stopAll() throws InterruptedException {
        processes.forEach(NodeProcess::requestExit);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Integer> codes = new ArrayList<>();
        for (NodeProcess p : processes) {
            codes.add(p.awaitExit(deadline));
        }
        return codes;
    }

    /** Ends every process at once, without asking (the shutdown hook's way). */
    private void killAll() {
        List<Thread> killers = new ArrayList<>();
        for (NodeProcess p : processes) {
            Thread killer = new Thread(p::kill, scenario.name() + "-kill-n" + p.node());
            killer.start();
            killers.add(killer);
        }
        for (Thread killer : killers) {
            try {
                killer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        processes.forEach(p -> sb.append(log(p)));
        return sb.toString();
    }

    private static String log(NodeProcess p) {
        return "\n--- last lines of " + p.log() + " ---\n" + p.logTail(15);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
