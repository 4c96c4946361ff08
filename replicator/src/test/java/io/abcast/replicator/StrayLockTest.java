package io.abcast.replicator;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applier never waits on a lock: not even on one held by a session of the database that never registered its
 * transaction. That transaction is rolled back, and every replica applies the command.
 */
class StrayLockTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", Instant.EPOCH, 1);

    private final AtomicLong requests = new AtomicLong();

    @Test
    void anUnregisteredTransactionHoldingARowTheApplierNeedsIsRolledBack() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            Replica origin = cluster.get(0);
            Replica blocked = cluster.get(1);
            submit(origin, "CREATE TABLE T(ID INT PRIMARY KEY, V INT)");
            submit(origin, "INSERT INTO T VALUES (1, 0), (2, 0)");
            try (Connection stray = blocked.openH2(); Statement st = stray.createStatement()) {
                stray.setAutoCommit(false);
                assertThat(st.executeUpdate("UPDATE T SET V = 100 WHERE ID = 1")).isEqualTo(1);

                Outcome outcome = submit(origin, "UPDATE T SET V = 7 WHERE ID = 1");
                assertThat(outcome.failed()).isFalse();
                cluster.assertConverged();
                assertThat(blocked.metrics().position()).isEqualTo(3);

                // The stray session's work is gone: it reads the replicated value, not its own.
                try (ResultSet rs = st.executeQuery("SELECT V FROM T WHERE ID = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                }
            }
        }
    }

    private Outcome submit(Replica origin, String sql) throws Exception {
        return origin.submit(new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()), CONTEXT,
                List.of(SqlCall.statement(SqlCall.Method.UPDATE, sql, KeyRequest.NONE)))).get(30, TimeUnit.SECONDS);
    }
}
