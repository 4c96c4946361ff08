package io.abcast.examples.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a scenario for real on replica processes ({@link LocalCluster}, as the demo does, on a free port range) and
 * checks what every scenario must end with: processes closed cleanly, every check holds, every replica at the same
 * position, hash and digest. Then each replica's database file, opened afresh with plain H2 (read only), gives its
 * rows, which must be the same in every file.
 */
public final class ProcessRun {

    /** The run and the rows read from each replica's file, in node order. */
    public record Result(Run run, List<Map<String, List<List<Object>>>> rows) {
    }

    private ProcessRun() {
    }

    public static Result runAndCheck(Scenario scenario) throws Exception {
        Run run = LocalCluster.run(scenario, new LocalCluster.Settings(Path.of("target", "demo-data"), freePort(),
                Duration.ofMinutes(3), "warn"), new NodeProcesses.Listener() {
                });

        assertThat(run.exitCodes()).as("exit codes of the replica processes").containsOnly(0);
        assertThat(run.pids()).as("one process per replica").doesNotHaveDuplicates().hasSize(scenario.nodes())
                .doesNotContain(ProcessHandle.current().pid());
        Verdicts.assertAllHold(run.verdict());
        assertThat(run.replicas()).extracting(r -> List.of(r.position(), r.hash(), r.digest(), r.rows()))
                .as("position, running hash, digest and rows hash of every replica")
                .containsOnly(List.of(run.expectedPosition(), run.replicas().get(0).hash(),
                        run.replicas().get(0).digest(), run.replicas().get(0).rows()));

        // The processes are gone and their databases closed: read each file as it is on disk.
        List<Map<String, List<List<Object>>>> rows = new ArrayList<>();
        for (int node = 1; node <= scenario.nodes(); node++) {
            try (Connection c = open(run.runDir().resolve("n" + node))) {
                assertThat(TableRows.rows(c, "SELECT POSITION FROM ABCAST.STATE"))
                        .as("the applied position stored in n" + node + "'s database")
                        .containsExactly(List.of(run.expectedPosition()));
                rows.add(TableRows.all(c));
            }
        }
        assertThat(rows).as("every table's rows in every replica's database").containsOnly(rows.get(0));
        return new Result(run, rows);
    }

    private static Connection open(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:" + database + ";ACCESS_MODE_DATA=r", "", "");
    }

    /** A port that is free now; the nodes take the first free ones of the 10 from it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
