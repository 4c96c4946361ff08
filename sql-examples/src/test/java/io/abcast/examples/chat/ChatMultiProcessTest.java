package io.abcast.examples.chat;

import io.abcast.examples.cluster.NodeProcesses;
import io.abcast.examples.cluster.TableRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's cluster for real, smaller: three replica JVMs on loopback driven by {@link ChatCluster}, then every
 * replica's database file opened afresh (plain H2, read only) and compared row by row.
 */
class ChatMultiProcessTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a net only: every wait in ChatCluster has its own deadline
    void threeReplicaProcessesEndWithTheSameStateAndRows() throws Exception {
        ChatPlan plan = new ChatPlan(3, 2, 150, 4);
        ChatCluster.Settings settings = new ChatCluster.Settings(plan, Path.of("target", "demo-data"), freePort(),
                Duration.ofMinutes(3), "warn", List.of());
        AtomicLong lastProgress = new AtomicLong(-1);
        ChatRun run = ChatCluster.run(settings, new NodeProcesses.Listener() {
            @Override
            public void progress(long posted, long total) {
                lastProgress.set(posted);
            }
        });

        assertThat(run.exitCodes()).as("exit codes of the replica processes").containsOnly(0);
        assertThat(run.pids()).as("one process per replica").doesNotHaveDuplicates().hasSize(3)
                .doesNotContain(ProcessHandle.current().pid());
        assertThat(run.members()).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(lastProgress).as("the progress reached the end").hasValue(plan.totalMessages());
        assertThat(run.verdict().checks()).as("checks").allSatisfy(c -> assertThat(c.ok()).as(c.name() + ": "
                + c.detail()).isTrue());
        assertThat(run.reports()).extracting(r -> List.of(r.position(), r.hash(), r.digest()))
                .as("position, running hash and digest of every replica")
                .containsOnly(List.of(run.expectedPosition(), run.reports().get(0).hash(),
                        run.reports().get(0).digest()));

        // The processes are gone and their databases closed: read each file as it is on disk.
        List<Map<String, List<List<Object>>>> rows = new ArrayList<>();
        List<List<List<Object>>> positions = new ArrayList<>();
        for (int node = 1; node <= plan.nodes(); node++) {
            String url = "jdbc:h2:" + run.runDir().resolve(ChatPlan.nodeName(node)) + ";ACCESS_MODE_DATA=r";
            try (Connection c = DriverManager.getConnection(url, "", "")) {
                rows.add(TableRows.all(c));
                positions.add(TableRows.rows(c, "SELECT POSITION FROM ABCAST.STATE"));
            }
        }
        assertThat(positions).as("the applied position stored in every database")
                .containsOnly(List.of(List.of(run.expectedPosition())));
        assertThat(rows.get(0).get("MESSAGE")).hasSize((int) plan.totalMessages());
        assertThat(rows.get(0).get("APP_USER")).hasSize(plan.totalUsers());
        assertThat(rows).as("every table's rows in every replica's database").containsOnly(rows.get(0));
    }

    /** A port that is free now; the nodes take the first free ones of the 10 from it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
