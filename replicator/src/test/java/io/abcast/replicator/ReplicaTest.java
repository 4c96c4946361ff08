package io.abcast.replicator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", java.time.Instant.EPOCH, 1);
    private final AtomicLong requests = new AtomicLong();

    private Command command(Replica origin, SqlCall... calls) {
        return new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()), CONTEXT, List.of(calls));
    }

    private Outcome run(Replica origin, SqlCall... calls) throws Exception {
        return origin.submit(command(origin, calls)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void appliesCommandsFromEveryReplicaInOneOrder() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            run(cluster.get(0), SqlCall.statement(SqlCall.Method.UPDATE,
                    "CREATE TABLE T(ID BIGINT PRIMARY KEY, NODE VARCHAR, V INT)", KeyRequest.NONE));
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Replica origin = cluster.get(i % 3);
                futures.add(origin.submit(command(origin, SqlCall.prepared(SqlCall.Method.UPDATE,
                        "INSERT INTO T VALUES (?, ?, ?)", new Object[] {(long) i, origin.node(), i}, KeyRequest.NONE))));
            }
            for (CompletableFuture<Outcome> f : futures) {
                Outcome outcome = f.get(30, TimeUnit.SECONDS);
                assertThat(outcome.failed()).isFalse();
                assertThat(outcome.results().get(0).updateCount()).isEqualTo(1);
            }
            List<ReplicaState> states = cluster.assertConverged();
            assertThat(states.get(0).position()).isEqualTo(301);
            for (Replica r : cluster.replicas) {
                assertThat(count(r, "SELECT COUNT(*) FROM T")).isEqualTo(300);
            }
        }
    }

    @Test
    void aFailingCommandFailsEverywhereAndLeavesNoTrace() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            run(cluster.get(0), SqlCall.statement(SqlCall.Method.UPDATE,
                    "CREATE TABLE T(ID INT PRIMARY KEY)", KeyRequest.NONE));
            run(cluster.get(1), SqlCall.statement(SqlCall.Method.UPDATE, "INSERT INTO T VALUES (1)", KeyRequest.NONE));
            Outcome outcome = run(cluster.get(2), SqlCall.statementBatch(List.of(
                    "INSERT INTO T VALUES (2)", "INSERT INTO T VALUES (1)", "INSERT INTO T VALUES (3)")));
            assertThat(outcome.failed()).isTrue();
            assertThat(outcome.error().getSQLState()).isEqualTo("23505");
            cluster.assertConverged();
            for (Replica r : cluster.replicas) {
                assertThat(count(r, "SELECT COUNT(*) FROM T")).isEqualTo(1);
            }
        }
    }

    @Test
    void aCommandDeliveredTwiceIsAppliedOnce() throws Exception {
        try (TestCluster cluster = TestCluster.start(2)) {
            Replica origin = cluster.get(0);
            run(origin, SqlCall.statement(SqlCall.Method.UPDATE, "CREATE TABLE T(ID INT)", KeyRequest.NONE));
            Command insert = command(origin, SqlCall.statement(SqlCall.Method.UPDATE, "INSERT INTO T VALUES (1)",
                    KeyRequest.NONE));
            origin.submit(insert).get(30, TimeUnit.SECONDS);
            CompletableFuture<Outcome> again = origin.submit(insert);
            assertThat(again).failsWithin(30, TimeUnit.SECONDS);
            cluster.assertConverged();
            for (Replica r : cluster.replicas) {
                assertThat(count(r, "SELECT COUNT(*) FROM T")).isEqualTo(1);
                assertThat(r.appliedPosition()).isEqualTo(2);
            }
        }
    }

    /**
     * Commands delivered together share one H2 transaction, but each keeps its own outcome: a failing one undoes only
     * itself, and a definition statement (which ends a transaction in H2) is applied in a transaction of its own.
     */
    @Test
    void commandsAppliedTogetherFailAlone() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            run(cluster.get(0), SqlCall.statement(SqlCall.Method.UPDATE,
                    "CREATE TABLE T(ID INT PRIMARY KEY, V INT)", KeyRequest.NONE));
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 900; i++) {
                Replica origin = cluster.get(i % 3);
                SqlCall call;
                if (i % 100 == 50) {
                    call = SqlCall.statement(SqlCall.Method.UPDATE, "CREATE TABLE X" + i + "(ID INT)",
                            KeyRequest.NONE);
                } else if (i % 10 == 3) {
                    // Two rows, the second a duplicate of the first: the command fails, and neither row stays.
                    call = SqlCall.statementBatch(List.of("INSERT INTO T VALUES (" + (10_000 + i) + ", 0)",
                            "INSERT INTO T VALUES (" + (10_000 + i) + ", 1)"));
                } else {
                    call = SqlCall.prepared(SqlCall.Method.UPDATE, "INSERT INTO T VALUES (?, ?)",
                            new Object[] {i % 700, i}, KeyRequest.NONE);
                }
                futures.add(origin.submit(command(origin, call)));
            }
            int failed = 0;
            for (CompletableFuture<Outcome> f : futures) {
                Outcome outcome = f.get(30, TimeUnit.SECONDS);
                if (outcome.failed()) {
                    assertThat(outcome.error().getSQLState()).isEqualTo("23505");
                    failed++;
                }
            }
            cluster.assertConverged();
            // Every batch fails, and of two inserts of one id (i and i + 700) the one ordered second.
            long expectedRows = 0;
            java.util.Set<Integer> taken = new java.util.HashSet<>();
            int expectedFailed = 0;
            for (int i = 0; i < 900; i++) {
                if (i % 100 == 50) {
                    continue;
                }
                if (i % 10 == 3 || !taken.add(i % 700)) {
                    expectedFailed++;
                } else {
                    expectedRows++;
                }
            }
            assertThat(failed).isEqualTo(expectedFailed);
            for (Replica r : cluster.replicas) {
                assertThat(count(r, "SELECT COUNT(*) FROM T")).isEqualTo(expectedRows);
                assertThat(count(r, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'X%'"))
                        .isEqualTo(9);
                ReplicaMetrics m = r.metrics();
                assertThat(m.applied()).isEqualTo(901);
                assertThat(m.transactions()).as("commands delivered together share a transaction")
                        .isLessThan(m.applied());
            }
        }
    }

    private static long count(Replica replica, String sql) throws SQLException {
        try (Connection c = replica.openH2(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
