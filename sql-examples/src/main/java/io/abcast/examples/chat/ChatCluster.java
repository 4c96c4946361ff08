package io.abcast.examples.chat;

import io.abcast.examples.cluster.Fields;
import io.abcast.examples.cluster.NodeProcess;
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
 * Runs the chat scenario on a cluster of replica processes on this machine and returns what happened: it starts one
 * {@link ChatNode} JVM per node (this JVM's java and class path), node 1 first so that it becomes the sequencer,
 * waits until every node sees every other, has node 1 create the schema, lets every node's users post at once,
 * then has every replica report its state once it has applied every command, and judges the reports with
 * {@link ChatChecker}. See {@link ChatNode} for the line protocol.
 *
 * <h2>Contract</h2>
 * Every child process is stopped before {@link #run} returns or throws (asked to exit, else killed), and killed by a
 * shutdown hook if this JVM ends first. Each run gets its own data directory ({@code dataDir/<run id>}) and cluster
 * name, so runs never share a database or a cluster. A node that fails, exits or does not answer in time makes
 * {@link #run} throw a {@link RunFailed} that quotes the node's log; differences between replicas do not throw:
 * they are in the returned {@link ChatRun#verdict()}.
 */
public final class ChatCluster {

    /** How long the processes get to start and see each other, and to report at the end. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);

    /**
     * How to run.
     *
     * @param port       first TCP port of the nodes' range of 10 on 127.0.0.1 (the abcast default is 7800)
     * @param timeout    how long the users get to post everything
     * @param logLevel   the children's slf4j-simple level (warn keeps the output readable)
     * @param jvmOptions extra options for the child JVMs
     */
    public record Settings(ChatPlan plan, Path dataDir, int port, Duration timeout, String logLevel,
                           List<String> jvmOptions) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** Defaults: port 7800, five minutes, level warn, no extra JVM options. */
        public static Settings of(ChatPlan plan, Path dataDir) {
            return new Settings(plan, dataDir, 7800, Duration.ofMinutes(5), "warn", List.of());
        }
    }

    /** What the run tells as it goes. Called on the thread that called {@link #run}. */
    public interface Listener {
        /** A step began or ended, in words. */
        default void step(String text) {
        }

        /** {@code posted} of {@code total} messages are posted. */
        default void progress(long posted, long total) {
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

    private final Settings settings;
    private final Listener listener;
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<NodeProcess> processes = new CopyOnWriteArrayList<>();
    private final Path runDir;

    private ChatCluster(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.runDir = settings.dataDir().resolve(runId).toAbsolutePath();
    }

    /** Runs the scenario once; see the class comment. */
    public static ChatRun run(Settings settings, Listener listener)
            throws RunFailed, IOException, InterruptedException {
        return new ChatCluster(settings, listener).run();
    }

    private ChatRun run() throws RunFailed, IOException, InterruptedException {
        Files.createDirectories(runDir);
        Thread killer = new Thread(this::killAll, "chat-demo-kill-children");
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

    private ChatRun drive() throws RunFailed, IOException, InterruptedException {
        ChatPlan plan = settings.plan();
        int n = plan.nodes();
        long t0 = System.nanoTime();
        listener.step("run " + runId + ", data in " + runDir);
        startNode(1);
        await(1, "STARTED", STEP_TIMEOUT);
        listener.step("n1 is up after " + seconds(System.nanoTime() - t0) + " s; it will be the sequencer");
        for (int k = 2; k <= n; k++) {
            startNode(k);
        }
        Map<Integer, String> ready = collect("READY", STEP_TIMEOUT);
        long formed = System.nanoTime() - t0;
        List<String> members = Arrays.asList(Fields.parse(ready.get(1)).text("members").split(","));
        listener.step("cluster formed in " + seconds(formed) + " s: " + members);

        processes.get(0).send("SETUP");
        long setupPosition = Fields.parse(await(1, "SETUP_DONE", STEP_TIMEOUT)).number("position");
        listener.step("schema and " + plan.channels() + " channels created by n1, position " + setupPosition);

        long workStart = System.nanoTime();
        sendAll("GO position=" + setupPosition);
        List<NodeStats> stats = workload(plan);
        long workload = System.nanoTime() - workStart;

        long expected = setupPosition + stats.stream().mapToLong(NodeStats::writes).sum();
        sendAll("FINISH position=" + expected);
        List<ReplicaReport> reports = reports(n);
        List<Long> pids = processes.stream().map(NodeProcess::pid).toList();
        List<Integer> codes = stopAll();
        return new ChatRun(runId, runDir, plan, members, formed, setupPosition, expected, workload, stats, reports,
                pids, codes, ChatChecker.check(plan, expected, reports));
    }

    private void startNode(int node) throws IOException {
        String name = ChatPlan.nodeName(node);
        ChatPlan plan = settings.plan();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + settings.logLevel());
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChatNode.class.getName());
        command.add("--node=" + node);
        command.add("--url=" + url(node));
        command.add("--nodes=" + plan.nodes());
        command.add("--users=" + plan.usersPerNode());
        command.add("--messages=" + plan.messagesPerUser());
        command.add("--channels=" + plan.channels());
        command.add("--timeout=" + Math.max(STEP_TIMEOUT.toSeconds(), settings.timeout().toSeconds()));
        NodeProcess process = NodeProcess.start(node, command, runDir.resolve(name + ".log"), events);
        processes.add(process);
        listener.step("started " + name + " (pid " + process.pid() + "): " + url(node));
    }

    /** The node's JDBC URL: a file database in the run's directory, the run's cluster, and the node's name. */
    String url(int node) {
        String name = ChatPlan.nodeName(node);
        String url = "jdbc:abcast:h2:" + runDir.resolve(name) + ";abcast.cluster=chat-" + runId + ";abcast.node="
                + name + ";abcast.size=" + settings.plan().nodes();
        if (settings.port() != 7800) {
            url += ";abcast.bind=127.0.0.1:" + settings.port() + ";abcast.members=127.0.0.1:" + settings.port();
        }
        return url;
    }

    private List<NodeStats> workload(ChatPlan plan) throws RunFailed, InterruptedException {
        long total = plan.totalMessages();
        long[] posted = new long[plan.nodes() + 1];
        NodeStats[] done = new NodeStats[plan.nodes()];
        int remaining = plan.nodes();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        listener.progress(0, total);
        while (remaining > 0) {
            Event e = next(deadline, "the users to post their messages");
            if (e.line().startsWith("PROGRESS ")) {
                posted[e.node()] = Fields.parse(e.line()).number("posted");
            } else if (e.line().startsWith("DONE ")) {
                NodeStats s = NodeStats.parse(e.line());
                done[e.node() - 1] = s;
                posted[e.node()] = s.messages();
                remaining--;
            } else {
                throw unexpected(e, "PROGRESS or DONE");
            }
            listener.progress(Arrays.stream(posted).sum(), total);
        }
        return List.of(done);
    }

    private List<ReplicaReport> reports(int n) throws RunFailed, InterruptedException {
        Map<Integer, List<String>> lines = new TreeMap<>();
        int ended = 0;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (ended < n) {
            Event e = next(deadline, "the replicas' reports");
            if (e.line().startsWith("END ")) {
                ended++;
            } else if (e.line().startsWith("PROGRESS ")) {
                continue; // a last tick from before DONE
            } else {
                lines.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e.line());
            }
        }
        List<ReplicaReport> reports = new ArrayList<>();
        for (List<String> report : lines.values()) {
            try {
                reports.add(ReplicaReport.parse(report));
            } catch (IllegalArgumentException ex) {
                throw new RunFailed("a malformed report: " + ex.getMessage());
            }
        }
        return reports;
    }

    /** Waits for one line with this keyword from every node; returns the lines by node. */
    private Map<Integer, String> collect(String keyword, Duration timeout) throws RunFailed, InterruptedException {
        Map<Integer, String> lines = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.size() < settings.plan().nodes()) {
            Event e = next(deadline, keyword + " from every node");
            if (e.line().startsWith(keyword + " ")) {
                lines.put(e.node(), e.line());
            } else if (!e.line().startsWith("STARTED ")) {
                throw unexpected(e, keyword);
            }
        }
        return lines;
    }

    private String await(int node, String keyword, Duration timeout) throws RunFailed, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Event e = next(deadline, keyword + " from " + ChatPlan.nodeName(node));
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
            String name = ChatPlan.nodeName(e.node());
            if (e.line() == null) {
                NodeProcess p = processes.get(e.node() - 1);
                p.awaitExit(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                throw new RunFailed(name + " exited (code " + p.exitCode() + ") while waiting for " + waitingFor
                        + log(p));
            }
            if (e.line().startsWith("FAILED ")) {
                throw new RunFailed(e.line().substring(7) + log(processes.get(e.node() - 1)));
            }
            if (e.line().matches("[A-Z_]+ .*")) {
                return e;
            }
            listener.output(name, e.line());
        }
    }

    private RunFailed unexpected(Event e, String wanted) {
        return new RunFailed("expected " + wanted + " but " + ChatPlan.nodeName(e.node()) + " said: " + e.line());
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
            Thread killer = new Thread(p::kill, "chat-demo-kill-" + ChatPlan.nodeName(p.node()));
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
