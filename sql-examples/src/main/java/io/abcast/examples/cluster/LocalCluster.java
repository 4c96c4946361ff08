package io.abcast.examples.cluster;

import io.abcast.examples.cluster.NodeProcesses.Formed;
import io.abcast.examples.cluster.NodeProcesses.Listener;
import io.abcast.examples.cluster.NodeProcesses.RunFailed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Scenario} on a cluster of replica processes on this machine, on loopback, and returns what happened:
 * it starts one {@link ScenarioNode} JVM per node (this JVM's java and class path, the scenario's class as the main
 * class), node 1 first so that it becomes the sequencer, waits until every node sees every other, has node 1 set the
 * scenario up, lets every node's clients run at once, then has every replica report once it has applied every
 * command, and judges the reports ({@link Checks#verdict}). See {@link NodeLoop} for the line protocol, and
 * {@link NodeProcesses} for how the processes are driven.
 *
 * <h2>Contract</h2>
 * Every child process is stopped before {@link #run} returns or throws (asked to exit, else killed), and killed by a
 * shutdown hook if this JVM ends first. Each run gets its own data directory ({@code dataDir/<name>-<run id>}) and
 * cluster name. A node that fails, exits or does not answer in time makes {@link #run} throw a {@link RunFailed}
 * that quotes the node's log; a replica that differs or a broken invariant does not throw: it is in the returned
 * {@link Run#verdict()}.
 */
public final class LocalCluster {

    /**
     * How to run.
     *
     * @param port       first TCP port of the nodes' range of 10 on 127.0.0.1 (the abcast default is 7800)
     * @param timeout    how long the clients get to do everything
     * @param logLevel   the children's slf4j-simple level (warn keeps the output readable)
     */
    public record Settings(Path dataDir, int port, Duration timeout, String logLevel) {
    }

    private final Scenario scenario;
    private final Settings settings;
    private final String runId;
    private final Path runDir;
    private final NodeProcesses processes;

    private LocalCluster(Scenario scenario, Settings settings, Listener listener) {
        this.scenario = scenario;
        this.settings = settings;
        this.runId = scenario.name() + "-" + NodeProcesses.newRunId();
        this.runDir = settings.dataDir().resolve(runId).toAbsolutePath();
        this.processes = new NodeProcesses(scenario.name(), runId, runDir, scenario.nodes(), listener);
    }

    /** Runs the scenario once; see the class comment. */
    public static Run run(Scenario scenario, Settings settings, Listener listener)
            throws RunFailed, IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster(scenario, settings, listener);
        return cluster.processes.run(cluster::drive);
    }

    private Run drive() throws RunFailed, IOException, InterruptedException {
        Formed formed = processes.form(this::startNode);
        long setupPosition = processes.setup("schema and initial data");

        long workStart = System.nanoTime();
        long total = (long) scenario.nodes() * scenario.clientsPerNode() * scenario.operationsPerClient();
        List<NodeResult> nodes = processes.work(setupPosition, total, "operations", settings.timeout(),
                "the clients to finish").stream().map(NodeResult::parse).toList();
        long workload = System.nanoTime() - workStart;

        List<ReplicaResult> replicas = reports(setupPosition + Checks.sum(nodes, NodeResult::commands));
        List<Long> pids = processes.pids();
        List<Integer> codes = processes.stopAll();
        return new Run(scenario, runId, runDir, formed.members(), formed.nanos(), setupPosition, workload, nodes,
                replicas, pids, codes, Checks.verdict(scenario, setupPosition, nodes, replicas));
    }

    private void startNode(int node) throws IOException {
        List<String> command = NodeProcesses.javaCommand(settings.logLevel(), List.of(), scenario.getClass());
        command.add("node=" + node);
        command.add("url=" + url(node));
        command.add("timeout=" + Math.max(NodeProcesses.STEP_TIMEOUT.toSeconds(), settings.timeout().toSeconds()));
        command.addAll(scenario.args());
        processes.start(node, command, url(node));
    }

    /** The node's JDBC URL: a file database in the run's directory, the run's cluster, and the node's name. */
    String url(int node) {
        String name = NodeProcesses.nodeName(node);
        return "jdbc:abcast:h2:" + runDir.resolve(name) + ";abcast.cluster=" + runId + ";abcast.node=" + name
                + ";abcast.size=" + scenario.nodes() + ";abcast.bind=127.0.0.1:" + settings.port()
                + ";abcast.members=127.0.0.1:" + settings.port();
    }

    /** Has every replica report once it applied {@code position}: one REPORT line each. */
    private List<ReplicaResult> reports(long position) throws RunFailed, IOException, InterruptedException {
        List<ReplicaResult> reports = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : processes.finish(position).entrySet()) {
            List<String> report = e.getValue();
            for (String line : report) {
                if (!line.startsWith("REPORT ")) {
                    throw NodeProcesses.unexpected(e.getKey(), line, "REPORT or END");
                }
            }
            try {
                reports.add(ReplicaResult.parse(report.get(report.size() - 1)));
            } catch (IllegalArgumentException ex) {
                throw new RunFailed("a malformed report: " + ex.getMessage());
            }
        }
        return reports;
    }
}
