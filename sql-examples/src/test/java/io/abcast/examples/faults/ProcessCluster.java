package io.abcast.examples.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The {@link FaultNode} processes of one run on this machine: each node's file database in the run's own directory,
 * a cluster name and a port range of their own, and a {@link WriteLedger} shared by all their writers. A node can
 * be started again from its files after it was killed. {@link #close} kills whatever still runs.
 */
final class ProcessCluster implements AutoCloseable {

    private final int size;
    private final int writersPerNode;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Path runDir;
    private final int port;
    private final WriteLedger ledger = new WriteLedger();
    private final Map<String, ReplicaProcess> current = new TreeMap<>();
    private final List<ReplicaProcess> all = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();

    private ProcessCluster(int size, int writersPerNode, Path dataDir) throws IOException {
        this.size = size;
        this.writersPerNode = writersPerNode;
        this.runDir = Files.createDirectories(dataDir.resolve("run-" + runId)).toAbsolutePath();
        this.port = freePort();
    }

    /** A cluster of {@code size} nodes (none started yet), each with that many writers, data under {@code dataDir}. */
    static ProcessCluster create(int size, int writersPerNode, Path dataDir) throws IOException {
        return new ProcessCluster(size, writersPerNode, dataDir);
    }

    static String nodeName(int node) {
        return "n" + node;
    }

    /** Starts node {@code node} from its files (empty the first time); it replaces a killed process of the node. */
    ReplicaProcess start(int node) throws IOException {
        String name = nodeName(node);
        long earlier = all.stream().filter(p -> p.node().equals(name)).count();
        String tag = name + "i" + (earlier + 1);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast, leave the cores to the others
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.io.abcast=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FaultNode.class.getName());
        command.add("node=" + name);
        command.add("tag=" + tag);
        command.add("url=" + url(node));
        command.add("size=" + size);
        command.add("writers=" + writersPerNode);
        ReplicaProcess p = ReplicaProcess.start(name, tag, command, runDir.resolve(tag + ".log"), ledger);
        all.add(p);
        current.put(name, p);
        return p;
    }

    /** The node's abcast URL: its file database, the run's cluster, loopback ports of the run. */
    String url(int node) {
        return "jdbc:abcast:h2:" + database(node) + ";abcast.cluster=kill-" + runId + ";abcast.node=" + nodeName(node)
                + ";abcast.size=" + size + ";abcast.bind=127.0.0.1:" + port + ";abcast.members=127.0.0.1:" + port;
    }

    /** The node's database file, without H2's {@code .mv.db}. */
    Path database(int node) {
        return runDir.resolve(nodeName(node));
    }

    /** The node's current (latest) process. */
    ReplicaProcess process(String node) {
        return current.get(node);
    }

    /** The current process of every node, by node name in order. */
    Map<String, ReplicaProcess> processes() {
        return Collections.unmodifiableMap(new TreeMap<>(current));
    }

    WriteLedger ledger() {
        return ledger;
    }

    int size() {
        return size;
    }

    Path runDir() {
        return runDir;
    }

    /** Seconds since the cluster was created, for the test's log. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The tags of every process that was never killed. */
    Set<String> cleanTags() {
        return all.stream().filter(p -> !p.killed()).map(ReplicaProcess::tag).collect(Collectors.toSet());
    }

    /** Asks every current process to exit cleanly; returns the exit codes by node. */
    Map<String, Integer> exitAll(Duration timeout) throws InterruptedException {
        Map<String, Integer> codes = new TreeMap<>();
        for (ReplicaProcess p : current.values()) {
            codes.put(p.node(), p.exit(timeout));
        }
        return codes;
    }

    /** Kills every process that still runs. */
    @Override
    public void close() {
        all.forEach(ReplicaProcess::destroy);
    }

    /** A port that is free now; the nodes take the first free ones of the 10 from it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
