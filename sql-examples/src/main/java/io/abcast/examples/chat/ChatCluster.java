package io.abcast.examples.chat;

import io.abcast.examples.cluster.NodeProcesses;
import io.abcast.examples.cluster.NodeProcesses.Formed;
import io.abcast.examples.cluster.NodeProcesses.Listener;
import io.abcast.examples.cluster.NodeProcesses.RunFailed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the chat scenario on a cluster of replica processes on this machine and returns what happened: it starts one
 * {@link ChatNode} JVM per node (this JVM's java and class path), node 1 first so that it becomes the sequencer,
 * waits until every node sees every other, has node 1 create the schema, lets every node's users post at once,
 * then has every replica report its state once it has applied every command, and judges the reports with
 * {@link ChatChecker}. The processes are driven as every scenario's are ({@link NodeProcesses}); see
 * {@link ChatNode} for what the chat's nodes answer.
 *
 * <h2>Contract</h2>
 * Every child process is stopped before {@link #run} returns or throws (asked to exit, else killed), and killed by a
 * shutdown hook if this JVM ends first. Each run gets its own data directory ({@code dataDir/<run id>}) and cluster
 * name, so runs never share a database or a cluster. A node that fails, exits or does not answer in time makes
 * {@link #run} throw a {@link RunFailed} that quotes the node's log; differences between replicas do not throw:
 * they are in the returned {@link ChatRun#verdict()}.
 */
public final class ChatCluster {

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

    private final Settings settings;
    private final String runId = NodeProcesses.newRunId();
    private final Path runDir;
    private final NodeProcesses processes;

    private ChatCluster(Settings settings, Listener listener) {
        this.settings = settings;
        this.runDir = settings.dataDir().resolve(runId).toAbsolutePath();
        this.processes = new NodeProcesses("chat-demo", runId, runDir, settings.plan().nodes(), listener);
    }

    /** Runs the scenario once; see the class comment. */
    public static ChatRun run(Settings settings, Listener listener)
            throws RunFailed, IOException, InterruptedException {
        ChatCluster cluster = new ChatCluster(settings, listener);
        return cluster.processes.run(cluster::drive);
    }

    private ChatRun drive() throws RunFailed, IOException, InterruptedException {
        ChatPlan plan = settings.plan();
        Formed formed = processes.form(this::startNode);
        long setupPosition = processes.setup("schema and " + plan.channels() + " channels");

        long workStart = System.nanoTime();
        List<NodeStats> stats = processes.work(setupPosition, plan.totalMessages(), "messages", settings.timeout(),
                "the users to post their messages").stream().map(NodeStats::parse).toList();
        long workload = System.nanoTime() - workStart;

        long expected = setupPosition + stats.stream().mapToLong(NodeStats::writes).sum();
        List<ReplicaReport> reports = reports(expected);
        List<Long> pids = processes.pids();
        List<Integer> codes = processes.stopAll();
        return new ChatRun(runId, runDir, plan, formed.members(), formed.nanos(), setupPosition, expected, workload,
                stats, reports, pids, codes, ChatChecker.check(plan, expected, reports));
    }

    private void startNode(int node) throws IOException {
        ChatPlan plan = settings.plan();
        List<String> command = NodeProcesses.javaCommand(settings.logLevel(), settings.jvmOptions(), ChatNode.class);
        command.add("--node=" + node);
        command.add("--url=" + url(node));
        command.add("--nodes=" + plan.nodes());
        command.add("--users=" + plan.usersPerNode());
        command.add("--messages=" + plan.messagesPerUser());
        command.add("--channels=" + plan.channels());
        command.add("--timeout=" + Math.max(NodeProcesses.STEP_TIMEOUT.toSeconds(), settings.timeout().toSeconds()));
        processes.start(node, command, url(node));
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

    /** Has every replica report once it applied {@code position}: STATE, CHANNEL and AUTHOR lines each. */
    private List<ReplicaReport> reports(long position) throws RunFailed, IOException, InterruptedException {
        List<ReplicaReport> reports = new ArrayList<>();
        for (List<String> report : processes.finish(position).values()) {
            try {
                reports.add(ReplicaReport.parse(report));
            } catch (IllegalArgumentException ex) {
                throw new RunFailed("a malformed report: " + ex.getMessage());
            }
        }
        return reports;
    }
}
