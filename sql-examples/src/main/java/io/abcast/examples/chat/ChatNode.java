package io.abcast.examples.chat;

import io.abcast.examples.cluster.NodeLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One replica process of the chat demo: it hosts node {@code n}'s replica and that node's users, and is driven by
 * {@link ChatCluster} over stdin and stdout with the line protocol every scenario's node speaks ({@link NodeLoop}).
 * SETUP creates the schema and the channels ({@link ChatSchema}); GO registers the node's users and has them post
 * ({@link ChatWorkload}), counting messages in its PROGRESS lines, and answers {@code DONE node=n1 messages=...}
 * (see {@link NodeStats}); FINISH answers {@code STATE ...}, {@code CHANNEL ...} and {@code AUTHOR ...} lines (see
 * {@link ReplicaReport}). Exit codes as {@link NodeLoop}'s.
 */
@Command(name = "chat-node", mixinStandardHelpOptions = true,
        description = "One replica process of the chat demo, driven over stdin/stdout by ChatDemo.")
public final class ChatNode implements Callable<Integer> {

    @Option(names = "--node", required = true, description = "This node's number, from 1.")
    int node;

    @Option(names = "--url", required = true, description = "The jdbc:abcast: URL of this node's database.")
    String url;

    @Option(names = "--nodes", required = true, description = "Replicas in the cluster.")
    int nodes;

    @Option(names = "--users", required = true, description = "Users per node.")
    int users;

    @Option(names = "--messages", required = true, description = "Messages per user.")
    int messages;

    @Option(names = "--channels", required = true, description = "Channels.")
    int channels;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds any one step may take.")
    long timeoutSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatNode()).execute(args));
    }

    @Override
    public Integer call() {
        ChatPlan plan = new ChatPlan(nodes, users, messages, channels);
        return NodeLoop.serve(node, nodes, url, Duration.ofSeconds(timeoutSeconds), new NodeLoop.Steps() {
            @Override
            public void setup(Connection control) throws Exception {
                ChatSchema.create(control, plan);
            }

            @Override
            public NodeLoop.Work work() {
                ChatWorkload workload = new ChatWorkload(plan, node, () -> DriverManager.getConnection(url));
                return new NodeLoop.Work() {
                    @Override
                    public long done() {
                        return workload.posted();
                    }

                    @Override
                    public String run(Duration timeout) throws Exception {
                        return workload.run(timeout).toLine();
                    }
                };
            }

            @Override
            public List<String> report(Connection control) throws Exception {
                return ReplicaReport.read(ChatPlan.nodeName(node), control).toLines();
            }
        });
    }
}
