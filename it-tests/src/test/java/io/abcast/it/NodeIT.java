package io.abcast.it;

import io.abcast.it.harness.Cluster;
import io.abcast.it.harness.Cluster.Spec;
import io.abcast.it.harness.Http;
import io.abcast.it.harness.Member;
import io.abcast.replicator.node.ReadOnlyAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The standalone node in its image, next to an application node: configured by a properties file, it prints its
 * readiness, serves its status over HTTP and its replica read-only over H2's TCP server (no write gets through),
 * stops cleanly on SIGTERM (docker stop) and starts again from its files.
 */
class NodeIT extends FaultScenario {

    @Test
    void theNodeInItsImage(TestInfo info) throws Exception {
        try (Cluster cluster = Cluster.start(name(info), Spec.node("n1"), Spec.app("app1"))) {
            cluster.check(() -> {
                Member n1 = cluster.get("n1");
                Member app1 = cluster.get("app1");
                assertThat(n1.stdout()).contains("STARTED node=n1 cluster=it position=0 http=8080 sql=9092",
                        "READY node=n1 members=[n1, app1]");

                Map<String, String> status = Http.json(Http.get("http://" + n1.ip() + ":8080/status",
                        Duration.ofSeconds(10)).body());
                assertThat(status).containsEntry("node", "n1").containsEntry("cluster", "it")
                        .containsEntry("size", "2").containsEntry("quorum", "2").containsEntry("members", "n1,app1")
                        .containsEntry("sequencer", "n1").containsEntry("primary", "true")
                        .containsEntry("failure", "null").containsKeys("position", "lag", "hash", "digest");
                assertThat(Long.parseLong(status.get("lag"))).isNotNegative();
                assertThat(Http.get("http://" + n1.ip() + ":8080/ready", Duration.ofSeconds(5)).code()).isEqualTo(200);
                assertThat(Http.get("http://" + n1.ip() + ":8080/health", Duration.ofSeconds(5)).code())
                        .isEqualTo(200);

                warmUp(cluster);
                readOnlyOverTheNetwork(n1);

                // docker stop: SIGTERM, the node leaves and closes its database cleanly
                Member.Status before = n1.status();
                cluster.stop(n1, 30);
                String out = n1.stdout();
                assertThat(out).contains("STOPPED node=n1");
                assertThat(n1.container().getLogs()).contains("n1: replica closed at position");
                cluster.awaitStatus(app1, "alone, not primary", s -> !s.primary(), STEP);
                cluster.restart(n1, STEP);
                assertThat(n1.stdout().lines().filter(l -> l.startsWith("STARTED node=n1")).toList())
                        .as("started again from its files, at the position it stopped at or after")
                        .last().satisfies(l -> assertThat(Long.parseLong(Http.words(l).get("position")))
                                .isGreaterThanOrEqualTo(before.position()));

                finish(cluster, List.of(), List.of());
                await("n1: no lag once every member is at one position").atMost(STEP)
                        .pollInterval(Duration.ofMillis(500)).until(() -> "0".equals(Http.json(Http.get(
                                "http://" + n1.ip() + ":8080/status?digest=false", Duration.ofSeconds(5)).body())
                                .get("lag")));
            });
        }
    }

    /** Reads over the SQL port; every kind of write fails with H2's rights errors. */
    private static void readOnlyOverTheNetwork(Member n1) throws SQLException {
        try (Connection r = n1.readOnlyConnection(); Statement st = r.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(BALANCE) FROM ACCOUNTS")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
                assertThat(rs.getLong(2)).isEqualTo(100 * 1000);
            }
            try (ResultSet rs = st.executeQuery("SELECT POSITION FROM ABCAST.STATE")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isPositive();
            }
            for (String write : List.of("INSERT INTO ACCOUNTS VALUES (1000, 5)", "UPDATE ACCOUNTS SET BALANCE = 0",
                    "DELETE FROM MESSAGES", "DROP TABLE TRANSFERS", "CREATE TABLE X(A INT)",
                    "UPDATE ABCAST.STATE SET POSITION = 0", "SCRIPT", "CALL CSVWRITE('/tmp/x.csv', 'SELECT 1')")) {
                assertThatThrownBy(() -> st.execute(write)).as(write).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).as(write).isIn(90096, 90040));
            }
        }
        String base = "jdbc:h2:tcp://" + n1.ip() + ":9092/";
        assertThatThrownBy(() -> DriverManager.getConnection(base + ReadOnlyAccess.DATABASE, "sa", "").close())
                .as("the node's own user, without its password").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(base + "/data/n1", Member.READER,
                Member.READER_PASSWORD).close()).as("another database name").isInstanceOf(SQLException.class);
    }
}
