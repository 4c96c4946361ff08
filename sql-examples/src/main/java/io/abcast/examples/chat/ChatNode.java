package io.abcast.examples.chat;

import io.abcast.examples.cluster.Fields;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.Replicas;
import io.abcast.replicator.ReplicaStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One replica process of the chat demo: it hosts node {@code n}'s replica (started by its first connection through
 * the abcast driver) and that node's users, and is driven by {@link ChatDemo} over stdin and stdout, one line each
 * way per step. Lines from the demo, and what this process answers:
 * <pre>
 *   (on start)            STARTED node=n1 pid=...     then, once the view holds every node:  READY node=n1 members=...
 *   SETUP                 SETUP_DONE node=n1 position=P          (creates the schema; sent to node 1 only)
 *   GO position=P         PROGRESS node=n1 posted=K ... then DONE node=n1 messages=... (see {@link NodeStats})
 *   FINISH position=P     STATE ..., CHANNEL ..., AUTHOR ... (see {@link ReplicaReport}), then END node=n1
 *   EXIT                  (closes the replica and exits 0)
 * </pre>
 * GO and FINISH first wait until the replica applied position {@code P}. On any error the process answers
 * {@code FAILED <reason>} and exits 1. It never outlives the demo: when its stdin closes it exits 3, and when the
 * demo's JVM ends (even killed) it exits 4, closing its replica. Logs go to stderr.
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

    private String name;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatNode()).execute(args));
    }

    @Override
    public Integer call() {
        name = ChatPlan.nodeName(node);
        ChatPlan plan = new ChatPlan(nodes, users, messages, channels);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        exitWithTheDemo();
        try (Connection control = DriverManager.getConnection(url)) {
            ReplicatedConnection replica = control.unwrap(ReplicatedConnection.class);
            say("STARTED node=" + name + " pid=" + ProcessHandle.current().pid());
            if (!replica.awaitMembers(nodes, timeout)) {
                throw new TimeoutException("the view holds " + replica.replicaStatus().members() + ", not the "
                        + nodes + " nodes (the replica closed, or " + timeout.toSeconds() + " s passed)");
            }
            say("READY node=" + name + " members=" + String.join(",", replica.replicaStatus().members()));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String word = line.strip().split("\\s+")[0];
                switch (word) {
                    case "SETUP" -> {
                        ChatSchema.create(control, plan);
                        say("SETUP_DONE node=" + name + " position=" + replica.lastWritePosition());
                    }
                    case "GO" -> {
                        awaitPosition(replica, Fields.parse(line).number("position"), timeout);
                        say(runWorkload(plan, timeout).toLine());
                    }
                    case "FINISH" -> {
                        awaitPosition(replica, Fields.parse(line).number("position"), timeout);
                        ReplicaReport.read(name, control).toLines().forEach(this::say);
                        say("END node=" + name);
                    }
                    case "EXIT" -> {
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown command from the demo: " + line);
                }
            }
            System.err.println(name + ": stdin closed, the demo is gone; stopping");
            return 3;
        } catch (Exception e) {
            e.printStackTrace();
            say("FAILED " + name + ": " + e.toString().replace('\n', ' '));
            return 1;
        } finally {
            Replicas.closeAll();
        }
    }

    /** Exits (closing the replica in the driver's shutdown hook) as soon as the demo's JVM is gone, even mid-run. */
    private void exitWithTheDemo() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(name + ": the demo (pid " + parent.pid() + ") is gone; stopping");
            System.exit(4);
        }));
    }

    private NodeStats runWorkload(ChatPlan plan, Duration timeout) throws Exception {
        ChatWorkload workload = new ChatWorkload(plan, node, () -> DriverManager.getConnection(url));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {-1};
        ticker.scheduleAtFixedRate(() -> {
            long posted = workload.posted();
            if (posted != last[0]) {
                last[0] = posted;
                say("PROGRESS node=" + name + " posted=" + posted);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            return workload.run(timeout);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Waits until the replica applied {@code position}; polls, as the driver has no public wait for it yet. */
    private static void awaitPosition(ReplicatedConnection replica, long position, Duration timeout)
            throws SQLException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReplicaStatus status = replica.replicaStatus();
            if (status.failure() != null) {
                throw new SQLException("the replica stopped applying: " + status.failure());
            }
            if (status.position() >= position) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the replica applied up to " + status.position() + ", not " + position
                        + ", in " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
