package io.abcast.examples.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three replica JVMs on loopback with file databases ({@link FaultNode}), each with writers inserting numbered rows
 * through its own replica; meanwhile the sequencer's process (n1, started first) is killed with SIGKILL, started
 * again from its files and caught up while the others write on, then a non-sequencer's process the same.
 *
 * <p>Every insert is announced before it runs and its fate printed after ({@link Writer}); the test collects them in
 * a {@link WriteLedger}. An insert of a killed process announced without a fate counts as unknown. At the end the
 * writers stop, the replicas reach the same position, and the test checks: position, running hash and data digest
 * equal on all three; then, the processes gone, each database file read with plain H2: the same applied position and
 * the same rows everywhere, every acknowledged insert there exactly once, every unknown one at most once, nothing
 * else. Each run has its own cluster name, ports and directory ({@code target/fault-data/run-*}, kept with each
 * process's log for diagnosis).
 */
class KillRestartMultiProcessTest {

    private static final int NODES = 3;
    private static final int WRITERS_PER_NODE = 2;
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a net only: every wait below has its own deadline
    void killingTheSequencerThenAReplicaUnderLoadLosesNoAcknowledgedWriteAndEndsIdentical() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.create(NODES, WRITERS_PER_NODE, Path.of("target", "fault-data"))) {
            WriteLedger ledger = cluster.ledger();
            log(cluster, "run in " + cluster.runDir());
            // One at a time: n1 first, so that it is the coordinator (the sequencer); the others after it has joined
            // them, since two nodes joining at once may each find no coordinator and only merge much later.
            for (int node = 1; node <= NODES; node++) {
                cluster.start(node).expect("STARTED", STEP);
            }
            String members = null;
            for (ReplicaProcess p : cluster.processes().values()) {
                members = Lines.text(p.expect("READY", STEP), "members");
            }
            assertThat(members.split(",")).as("the view, sequencer first").containsExactlyInAnyOrder("n1", "n2", "n3")
                    .startsWith("n1");
            ReplicaProcess n1 = cluster.process("n1");
            n1.send("SETUP");
            long setup = Lines.number(n1.expect("SETUP_DONE", STEP), "position");
            for (ReplicaProcess p : cluster.processes().values()) {
                startWriting(p, setup);
            }
            awaitAcknowledged(ledger, 300, "n1", "n2", "n3");

            log(cluster, "killing n1, the sequencer (pid " + n1.pid() + ")");
            n1.kill();
            awaitAcknowledged(ledger, 150, "n2", "n3");
            log(cluster, "n2 and n3 acknowledged 150 inserts since");
            ReplicaProcess n1again = restart(cluster, 1);
            awaitAcknowledged(ledger, 50, "n1");

            String sequencer = Lines.text(n1again.request("STATUS", STEP), "members").split(",")[0];
            String victim = sequencer.equals("n3") ? "n2" : "n3";
            ReplicaProcess doomed = cluster.process(victim);
            log(cluster, "sequencer now " + sequencer + "; killing " + victim + " (pid " + doomed.pid() + ")");
            doomed.kill();
            List<String> survivors = new ArrayList<>(List.of("n1", "n2", "n3"));
            survivors.remove(victim);
            awaitAcknowledged(ledger, 150, survivors.toArray(String[]::new));
            log(cluster, survivors + " acknowledged 150 inserts since");
            restart(cluster, Integer.parseInt(victim.substring(1)));
            awaitAcknowledged(ledger, 50, victim);

            for (ReplicaProcess p : cluster.processes().values()) {
                p.send("STOP");
            }
            for (ReplicaProcess p : cluster.processes().values()) {
                p.expect("STOPPED", STEP);
            }
            log(cluster, "writers stopped: " + ledger.counts() + ", refused by SQLState " + ledger.refusedByState());
            checkReplicasAndRows(cluster);
        }
    }

    /** Has the process's writers start once its replica applied {@code position}; returns where it was then. */
    private static long startWriting(ReplicaProcess p, long position) throws Exception {
        p.send("WRITE position=" + position);
        return Lines.number(p.expect("WRITING", STEP), "position");
    }

    /** Starts the node again from its files, waits until it applied every acknowledged write, lets it write. */
    private static ReplicaProcess restart(ProcessCluster cluster, int node) throws Exception {
        ReplicaProcess p = cluster.start(node);
        String ready = p.expect("READY", STEP);
        long target = cluster.ledger().lastAcknowledgedPosition();
        log(cluster, p.tag() + " is back at position " + Lines.number(ready, "position") + " in view "
                + Lines.text(ready, "members") + ", catching up to " + target + " while the others write");
        long caughtUp = startWriting(p, target);
        log(cluster, p.tag() + " caught up (position " + caughtUp + "); its writers start");
        return p;
    }

    /** Waits until the nodes' writers acknowledged {@code more} inserts from now on. */
    private static void awaitAcknowledged(WriteLedger ledger, long more, String... nodes) {
        long target = ledger.acknowledged(nodes) + more;
        await(more + " more acknowledged inserts through " + String.join(",", nodes)).atMost(STEP)
                .pollInterval(Duration.ofMillis(20)).until(() -> ledger.acknowledged(nodes) >= target);
    }

    private static void checkReplicasAndRows(ProcessCluster cluster) throws Exception {
        WriteLedger ledger = cluster.ledger();
        assertThat(ledger.writerFailures()).as("writers that could not go on").isEmpty();
        assertThat(ledger.unresolved(cluster.cleanTags())).as("inserts of processes never killed without a fate")
                .isEmpty();
        long[] position = new long[1];
        await("every replica at the same position, at least " + ledger.lastAcknowledgedPosition()).atMost(STEP)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    List<Long> positions = new ArrayList<>();
                    for (ReplicaProcess p : cluster.processes().values()) {
                        positions.add(Lines.number(p.request("STATUS", STEP),
                                "position"));
                    }
                    position[0] = positions.get(0);
                    return positions.stream().distinct().count() == 1 && position[0] >= ledger
                            .lastAcknowledgedPosition();
                });
        Map<String, List<String>> states = new HashMap<>();
        for (ReplicaProcess p : cluster.processes().values()) {
            p.send("REPORT position=" + position[0]);
            var f = Lines.fields(p.expect("STATE", STEP));
            states.put(p.node(), List.of(f.get("position"), f.get("hash"), f.get("digest")));
        }
        log(cluster, "replica states: " + states);
        assertThat(states.values()).as("position, running hash and data digest of every replica")
                .containsOnly(states.get("n1"));
        assertThat(states.get("n1").get(0)).isEqualTo(Long.toString(position[0]));
        assertThat(cluster.exitAll(STEP).values()).as("exit codes of the last processes").containsExactly(0, 0, 0);

        List<List<Object>> rows = null;
        for (int node = 1; node <= cluster.size(); node++) {
            String url = "jdbc:h2:" + cluster.database(node) + ";ACCESS_MODE_DATA=r";
            try (Connection c = DriverManager.getConnection(url, "", "")) {
                assertThat(rows(c, "SELECT POSITION FROM ABCAST.STATE")).as("position in n%d's file", node)
                        .containsExactly(List.of(position[0]));
                List<List<Object>> these = rows(c, "SELECT ID, WRITER, SEQ FROM W ORDER BY ID");
                if (rows == null) {
                    rows = these;
                } else {
                    assertThat(these).as("rows of n%d against n1", node).isEqualTo(rows);
                }
            }
        }
        Map<String, Long> copies = new HashMap<>();
        rows.forEach(r -> copies.merge(r.get(1) + ":" + r.get(2), 1L, Long::sum));
        assertThat(ledger.violations(copies)).as("acknowledged exactly once, unknown at most once, nothing else")
                .isEmpty();
        assertThat(rows).as("rows").hasSizeGreaterThanOrEqualTo((int) ledger.counts()
                .get(WriteLedger.Fate.ACKNOWLEDGED).longValue());
    }

    private static List<List<Object>> rows(Connection conn, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void log(ProcessCluster cluster, String text) {
        System.out.printf("[kill-restart %s %.1f s] %s%n", cluster.runDir().getFileName(), cluster.elapsedSeconds(),
                text);
    }
}
