package io.abcast.examples.faults;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.Replicas;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One replica process of {@link KillRestartMultiProcessTest}: it hosts one node's replica (a file database through
 * the abcast driver) and that node's writers, driven over stdin and stdout, one line each way. Arguments are
 * {@code key=value} words: {@code node} (n1, n2, ...), {@code tag} (unique per process start, names its writers),
 * {@code url}, {@code size}, {@code writers}. Lines from the test, and the answers:
 * <pre>
 *   (on start)         STARTED node=n1 pid=...   then, once the view holds all size nodes and is primary:
 *                      READY node=n1 members=n1,n2,n3 position=P   (members: the sequencer first)
 *   SETUP              SETUP_DONE node=n1 position=P        (creates the table W through the replica)
 *   WRITE position=P   WRITING node=n1 position=P'          once the replica applied P; then the writers run and
 *                      print the fate of every insert (see {@link Writer})
 *   STATUS             STATUS node=n1 position=P members=... primary=true|false failure=...
 *   STOP               STOPPED node=n1 inserts=K            once every writer has ended
 *   REPORT position=P  STATE node=n1 position=P hash=H digest=D rows=R   once the replica applied P
 *   EXIT               (closes the replica cleanly and exits 0)
 * </pre>
 * On any error the process answers {@code FAILED <reason>} and exits 1. When its stdin closes it exits 3; when the
 * test's JVM ends it exits 4. Logs go to stderr.
 */
public final class FaultNode {

    /** The table every writer inserts into; ID comes from the replicated identity. */
    static final String TABLE = "CREATE TABLE W(ID BIGINT AUTO_INCREMENT PRIMARY KEY, WRITER VARCHAR(32) NOT NULL, "
            + "SEQ INT NOT NULL)";

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final String node;
    private final String tag;
    private final String url;
    private final int size;
    private final int writerCount;
    private final List<Writer> writers = new ArrayList<>();

    private FaultNode(Map<String, String> args) {
        this.node = args.get("node");
        this.tag = args.get("tag");
        this.url = args.get("url");
        this.size = Integer.parseInt(args.get("size"));
        this.writerCount = Integer.parseInt(args.get("writers"));
    }

    /** Runs the node; see the class comment. */
    public static void main(String[] args) {
        Map<String, String> fields = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            fields.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        System.exit(new FaultNode(fields).run());
    }

    private int run() {
        exitWithTheTest();
        try (Connection control = DriverManager.getConnection(url)) {
            ReplicatedConnection replica = control.unwrap(ReplicatedConnection.class);
            say("STARTED node=" + node + " pid=" + ProcessHandle.current().pid());
            await("the view to hold " + size + " members and be primary").atMost(STEP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        ReplicaStatus s = replica.replicaStatus();
                        return s.members().size() >= size && s.primary();
                    });
            ReplicaStatus ready = replica.replicaStatus();
            say("READY node=" + node + " members=" + String.join(",", ready.members()) + " position="
                    + ready.position());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!handle(line.strip(), control, replica)) {
                    return 0;
                }
            }
            System.err.println(node + ": stdin closed, the test is gone; stopping");
            return 3;
        } catch (Exception e) {
            e.printStackTrace();
            say("FAILED " + node + ": " + e.toString().replace('\n', ' '));
            return 1;
        } finally {
            stopWriters();
            Replicas.closeAll();
        }
    }

    /** Handles one line from the test; false on EXIT. */
    private boolean handle(String line, Connection control, ReplicatedConnection replica) throws Exception {
        String word = line.split("\\s+")[0];
        switch (word) {
            case "SETUP" -> {
                try (Statement st = control.createStatement()) {
                    st.execute(TABLE);
                }
                say("SETUP_DONE node=" + node + " position=" + replica.lastWritePosition());
            }
            case "WRITE" -> {
                replica.awaitPosition(Lines.number(line, "position"), STEP_TIMEOUT);
                say("WRITING node=" + node + " position=" + replica.replicaStatus().position());
                for (int w = 0; w < writerCount; w++) {
                    Writer writer = new Writer(tag + "w" + w, url, this::say);
                    writers.add(writer);
                    writer.start();
                }
            }
            case "STATUS" -> {
                ReplicaStatus s = replica.replicaStatus();
                say("STATUS node=" + node + " position=" + s.position() + " members=" + String.join(",", s.members())
                        + " primary=" + s.primary() + " failure=" + String.valueOf(s.failure()).replace(' ', '_'));
            }
            case "STOP" -> say("STOPPED node=" + node + " inserts=" + stopWriters());
            case "REPORT" -> {
                replica.awaitPosition(Lines.number(line, "position"), STEP_TIMEOUT);
                ReplicaState state = replica.replicaState();
                long rows;
                try (Statement st = control.createStatement();
                     var rs = st.executeQuery("SELECT COUNT(*) FROM W")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                say("STATE node=" + node + " position=" + state.position() + " hash=" + state.hash() + " digest="
                        + state.digest() + " rows=" + rows);
            }
            case "EXIT" -> {
                return false;
            }
            default -> throw new IllegalArgumentException("unknown command from the test: " + line);
        }
        return true;
    }

    /** Stops every writer and waits for it to end; returns how many inserts they tried. */
    private long stopWriters() {
        writers.forEach(Writer::stop);
        long inserts = 0;
        for (Writer w : writers) {
            inserts += w.join(STEP_TIMEOUT);
        }
        writers.clear();
        return inserts;
    }

    /** Exits as soon as the test's JVM is gone, even when it was killed. */
    private void exitWithTheTest() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(node + ": the test (pid " + parent.pid() + ") is gone; stopping");
            System.exit(4);
        }));
    }

    /** Prints one protocol line; it reaches the pipe before this returns. */
    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
