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
 * The replica processes of one run on this machine, seen from the JVM that drives them over the line protocol of
 * {@link NodeLoop}: it starts them (node 1 first, so that it becomes the sequencer), reads their lines, sends them
 * lines and stops them. {@link LocalCluster} and the chat demo's cluster drive their runs with it.
 *
 * <h2>Contract</h2>
 * Every process is stopped before {@link #run} returns or throws (asked to exit, else killed), and killed by a
 * shutdown hook if this JVM ends first. A node that fails, exits or does not answer in time makes the waiting method
 * throw a {@link RunFailed} that quotes the node's log; lines outside the protocol go to the {@link Listener}.
 *
 * <h2>Thread safety</h2>
 * Called from the driving thread only; the shutdown hook kills from its own.
 */
public final class NodeProcesses {

    /** How long the processes get to start and see each other, to set up, and to report at the end. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);

    /** What the run tells as it goes. Called on the thread that drives the run. */
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
        public RunFailed(String message) {
            super(message);
        }
    }

    /** What a run does with its processes; see {@link #run}. */
    @FunctionalInterface
    public interface Body<R> {
        R run() throws RunFailed, IOException, InterruptedException;
    }

    /** Starts node {@code node}'s process (see {@link #start}). */
    @FunctionalInterface
    public interface Starter {
        void start(int node) throws IOException;
    }

    /** The view the nodes formed (the sequencer first), and how long from the first start until every node saw it. */
    public record Formed(List<String> members, long nanos) {
        public Formed {
            members = List.copyOf(members);
        }
    }

    private final String name;
    private final String runId;
    private final Path runDir;
    private final int size;
    private final Listener listener;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<NodeProcess> processes = new CopyOnWriteArrayList<>();

    /**
     * @param name   names the threads that kill the processes
     * @param runId  names the run (see {@link #newRunId})
     * @param runDir where the processes' logs go ({@code nK.log})
     * @param size   the number of nodes
     */
    public NodeProcesses(String name, String runId, Path runDir, int size, Listener listener) {
        this.name = name;
        this.runId = runId;
        this.runDir = runDir;
        this.size = size;
        this.listener = listener;
    }

    /** A new run's id: the time and a random number, e.g. {@code 20240102-030405-1a2b}. */
    public static String newRunId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** The name of node {@code node}, from 1. */
    public static String nodeName(int node) {
        return "n" + node;
    }

    /** Seconds, with one decimal. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /**
     * The command that starts a node process: this JVM's java and class path, logs at {@code logLevel} with the
     * time, the extra JVM options and the main class; the caller adds the process's arguments.
     */
    public static List<String> javaCommand(String logLevel, List<String> jvmOptions, Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logLevel);
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        return command;
    }

    /**
     * Creates the run's directory and runs {@code body} (which starts the processes and drives them), then stops
     * every process still there, telling their exit codes; a shutdown hook kills them if this JVM ends meanwhile.
     */
    public <R> R run(Body<R> body) throws RunFailed, IOException, InterruptedException {
        Files.createDirectories(runDir);
        Thread killer = new Thread(this::killAll, name + "-kill-children");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            listener.step("run " + runId + ", data in " + runDir);
            return body.run();
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

    /** Starts node {@code node}'s process with this command, its log in {@code nK.log}; {@code url} is told. */
    public void start(int node, List<String> command, String url) throws IOException {
        NodeProcess process = NodeProcess.start(node, command, runDir.resolve(nodeName(node) + ".log"), events);
        processes.add(process);
        listener.step("started " + nodeName(node) + " (pid " + process.pid() + "): " + url);
    }

    /**
     * Starts node 1 and waits until it is up, so that it becomes the sequencer, then starts the others and waits
     * until every node saw every other (READY).
     */
    public Formed form(Starter starter) throws RunFailed, IOException, InterruptedException {
        long t0 = System.nanoTime();
        starter.start(1);
        await(1, "STARTED");
        listener.step("n1 is up after " + seconds(System.nanoTime() - t0) + " s; it will be the sequencer");
        for (int k = 2; k <= size; k++) {
            starter.start(k);
        }
        Map<Integer, String> ready = collect("READY");
        long formed = System.nanoTime() - t0;
        List<String> members = Arrays.asList(Fields.parse(ready.get(1)).text("members").split(","));
        listener.step("cluster formed in " + seconds(formed) + " s: " + members);
        return new Formed(members, formed);
    }

    /** Has node 1 set up the schema and data ({@code what} tells what), and returns the position after it. */
    public long setup(String what) throws RunFailed, IOException, InterruptedException {
        processes.get(0).send("SETUP");
        long position = Fields.parse(await(1, "SETUP_DONE")).number("position");
        listener.step(what + " created by n1, position " + position);
        return position;
    }

    /**
     * Sends GO to every node once it applied {@code position}, then reads their progress until each is done.
     *
     * @param total      operations of every node together, for the progress
     * @param doneKey    the field of a DONE line that counts the node's operations
     * @param waitingFor what a timeout says it was waiting for
     * @return the DONE lines, in node order
     */
    public List<String> work(long position, long total, String doneKey, Duration timeout, String waitingFor)
            throws RunFailed, IOException, InterruptedException {
        sendAll("GO position=" + position);
        long[] done = new long[size + 1];
        String[] lines = new String[size];
        int remaining = size;
        long deadline = System.nanoTime() + timeout.toNanos();
        listener.progress(0, total);
        while (remaining > 0) {
            Event e = next(deadline, waitingFor);
            if (e.line().startsWith("PROGRESS ")) {
                done[e.node()] = Fields.parse(e.line()).number("done");
            } else if (e.line().startsWith("DONE ")) {
                lines[e.node() - 1] = e.line();
                done[e.node()] = Fields.parse(e.line()).number(doneKey);
                remaining--;
            } else {
                throw unexpected(e, "PROGRESS or DONE");
            }
            listener.progress(Arrays.stream(done).sum(), total);
        }
        return List.of(lines);
    }

    /** Sends FINISH to every node once it applied {@code position}; returns the report lines by node. */
    public Map<Integer, List<String>> finish(long position) throws RunFailed, IOException, InterruptedException {
        sendAll("FINISH position=" + position);
        Map<Integer, List<String>> lines = new TreeMap<>();
        int ended = 0;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (ended < size) {
            Event e = next(deadline, "the replicas' reports");
            if (e.line().startsWith("END ")) {
                ended++;
            } else if (!e.line().startsWith("PROGRESS ")) { // a last tick from before DONE
                lines.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e.line());
            }
        }
        return lines;
    }

    /** The processes' ids, in node order. */
    public List<Long> pids() {
        return processes.stream().map(NodeProcess::pid).toList();
    }

    /** Waits for one line with this keyword from every node; returns the lines by node. */
    private Map<Integer, String> collect(String keyword) throws RunFailed, InterruptedException {
        Map<Integer, String> lines = new TreeMap<>();
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (lines.size() < size) {
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
        Event e = next(System.nanoTime() + STEP_TIMEOUT.toNanos(), keyword + " from " + nodeName(node));
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
                throw new RunFailed(nodeName(e.node()) + " exited (code " + p.exitCode() + ") while waiting for "
                        + waitingFor + log(p));
            }
            if (e.line().startsWith("FAILED ")) {
                throw new RunFailed(e.line().substring(7) + log(p));
            }
            if (e.line().matches("[A-Z_]+ .*")) {
                return e;
            }
            listener.output(nodeName(e.node()), e.line());
        }
    }

    private static RunFailed unexpected(Event e, String wanted) {
        return unexpected(e.node(), e.line(), wanted);
    }

    /** The failure for a line of node {@code node} that is not the one the run waits for. */
    public static RunFailed unexpected(int node, String line, String wanted) {
        return new RunFailed("expected " + wanted + " but " + nodeName(node) + " said: " + line);
    }

    private void sendAll(String line) throws IOException {
        for (NodeProcess p : processes) {
            p.send(line);
        }
    }

    /**
     * Asks every process to exit, and waits for them all (ending those still there after 30 s).
     *
     * @return their exit codes, in node order
     */
    public List<Integer> stopAll() throws InterruptedException {
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
            Thread killer = new Thread(p::kill, name + "-kill-" + nodeName(p.node()));
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
}
