package io.abcast.examples.chat;

import io.abcast.examples.cluster.Checks;
import io.abcast.examples.cluster.TableRows;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Replicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat scenario on three replicas in this JVM (stack in-jvm, in-memory databases): fast feedback on the
 * workload and the checker, without processes or TCP.
 */
class ChatInJvmTest {

    private static final int NODES = 3;

    private final String cluster = "chat-" + UUID.randomUUID().toString().substring(0, 8);

    private String url(int node) {
        return "jdbc:abcast:h2:mem:" + cluster + "-n" + node + ";abcast.cluster=" + cluster + ";abcast.node=n" + node
                + ";abcast.stack=in-jvm;abcast.size=" + NODES;
    }

    private Connection connect(int node) throws SQLException {
        return DriverManager.getConnection(url(node));
    }

    @AfterEach
    void closeReplicas() throws SQLException {
        for (int node = 1; node <= NODES; node++) {
            Replicas.close(ConnectionSettings.parse(url(node), null));
        }
    }

    @Test
    void usersPostingThroughEveryReplicaLeaveEveryReplicaTheSame() throws Exception {
        ChatPlan plan = new ChatPlan(NODES, 2, 150, 4);
        List<Connection> control = new ArrayList<>();
        try {
            for (int node = 1; node <= NODES; node++) {
                control.add(connect(node));
            }
            for (Connection c : control) {
                assertThat(c.unwrap(ReplicatedConnection.class).awaitMembers(NODES, Duration.ofSeconds(30))).isTrue();
            }
            ChatSchema.create(control.get(0), plan);
            long setup = control.get(0).unwrap(ReplicatedConnection.class).lastWritePosition();
            // A statement is prepared against the local replica, so each must have the tables before its users
            // prepare their INSERTs (ChatNode waits the same way on GO).
            await().atMost(Duration.ofSeconds(30)).until(() -> control.stream()
                    .allMatch(c -> unwrap(c).replicaStatus().position() >= setup));

            ExecutorService pool = Executors.newFixedThreadPool(NODES);
            List<Future<NodeStats>> running = new ArrayList<>();
            for (int node = 1; node <= NODES; node++) {
                ChatWorkload workload = new ChatWorkload(plan, node, connectTo(node));
                running.add(pool.submit(() -> workload.run(Duration.ofMinutes(2))));
            }
            long writes = 0;
            for (Future<NodeStats> f : running) {
                NodeStats stats = f.get(3, TimeUnit.MINUTES);
                assertThat(stats.messages()).isEqualTo((long) plan.usersPerNode() * plan.messagesPerUser());
                writes += stats.writes();
            }
            pool.shutdown();
            long expected = setup + writes;

            await().atMost(Duration.ofSeconds(60)).until(() -> control.stream()
                    .allMatch(c -> unwrap(c).replicaStatus().position() >= expected));
            List<ReplicaReport> reports = new ArrayList<>();
            List<Map<String, List<List<Object>>>> rows = new ArrayList<>();
            for (int node = 1; node <= NODES; node++) {
                reports.add(ReplicaReport.read(ChatPlan.nodeName(node), control.get(node - 1)));
                rows.add(TableRows.all(control.get(node - 1)));
            }

            Checks.Verdict verdict = ChatChecker.check(plan, expected, reports);
            assertThat(verdict.checks()).as("checks").allSatisfy(c -> assertThat(c.ok()).as(c.name() + ": "
                    + c.detail()).isTrue());
            assertThat(reports).extracting(r -> List.of(r.position(), r.hash(), r.digest()))
                    .as("position, running hash and digest of every replica")
                    .containsOnly(List.of(expected, reports.get(0).hash(), reports.get(0).digest()));
            assertThat(rows.get(0).get("MESSAGE")).hasSize((int) plan.totalMessages());
            assertThat(rows).as("every table's rows on every replica").containsOnly(rows.get(0));
        } finally {
            for (Connection c : control) {
                c.close();
            }
        }
    }

    private ChatWorkload.ConnectionSource connectTo(int node) {
        return () -> connect(node);
    }

    private static ReplicatedConnection unwrap(Connection c) {
        try {
            return c.unwrap(ReplicatedConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
