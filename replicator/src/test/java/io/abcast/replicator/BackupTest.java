package io.abcast.replicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A backup taken while writes go on holds exactly the writes up to its position, and restores into a new cluster
 * that goes on from there.
 */
class BackupTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", Instant.EPOCH, 1);

    private final AtomicLong requests = new AtomicLong();

    @Test
    void aBackupUnderWritesRestoresIntoANewCluster(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("backup.zip");
        Backup backup;
        List<List<Object>> original;
        try (TestCluster cluster = TestCluster.start(3)) {
            run(cluster.get(0), "CREATE TABLE T(ID BIGINT AUTO_INCREMENT PRIMARY KEY, ORIGIN VARCHAR)");
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (Replica r : cluster.replicas) {
                writers.add(CompletableFuture.runAsync(() -> write(r, stop)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get(1).appliedPosition() > 100);
            backup = cluster.get(1).backup(file);
            long afterBackup = cluster.get(0).appliedPosition();
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get(0).appliedPosition() > afterBackup + 50);
            stop.set(true);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            cluster.assertConverged();
            original = rows(cluster.get(0), "SELECT ID, ORIGIN FROM T ORDER BY ID");
        }
        assertThat(Files.size(file)).isPositive();
        assertThat(dir.resolve("backup.zip.part")).doesNotExist();
        // Every command after the first inserted one row, its ID drawn in the total order: the backup holds
        // the first rows of the final table, one per command up to its position.
        long rowsInBackup = backup.position() - 1;
        assertThat(original.size()).isGreaterThan((int) rowsInBackup);

        String cluster = "restored-" + UUID.randomUUID();
        String restoredUrl = "jdbc:h2:" + dir.resolve("r1");
        assertThat(Backup.restore(file, restoredUrl, info())).isEqualTo(backup.position());
        assertThatThrownBy(() -> Backup.restore(file, restoredUrl, info()))
                .isInstanceOf(SQLException.class).hasMessageContaining("not empty");
        try (Replica r1 = Replica.start(config(cluster, "r1", restoredUrl));
             Replica r2 = Replica.start(config(cluster, "r2", "jdbc:h2:mem:" + cluster + "-r2"))) {
            assertThat(r1.awaitMembers(2, Duration.ofSeconds(30))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> r2.appliedPosition() == backup.position());
            assertThat(r1.state().hash()).isEqualTo(backup.hash());
            assertThat(rows(r2, "SELECT ID, ORIGIN FROM T ORDER BY ID"))
                    .isEqualTo(original.subList(0, (int) rowsInBackup));
            run(r2, "INSERT INTO T(ORIGIN) VALUES ('after restore')");
            await().atMost(Duration.ofSeconds(30)).until(() -> r1.appliedPosition() == r2.appliedPosition());
            assertThat(r1.state()).isEqualTo(r2.state());
            assertThat(rows(r1, "SELECT ID FROM T WHERE ORIGIN = 'after restore'"))
                    .containsExactly(List.of(rowsInBackup + 1));
        }
    }

    private void write(Replica r, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                run(r, "INSERT INTO T(ORIGIN) VALUES ('" + r.node() + "')");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(Replica origin, String sql) throws Exception {
        Outcome outcome = origin.submit(new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()),
                CONTEXT, List.of(SqlCall.statement(SqlCall.Method.UPDATE, sql, KeyRequest.NONE))))
                .get(30, TimeUnit.SECONDS);
        assertThat(outcome.failed()).as("outcome of %s", sql).isFalse();
    }

    private static Properties info() {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        return info;
    }

    private static ReplicaConfig config(String cluster, String node, String url) {
        return new ReplicaConfig(cluster, node, "in-jvm", "127.0.0.1:7800", List.of(), 2, url, info(),
                Duration.ofSeconds(30));
    }

    private static List<List<Object>> rows(Replica r, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = r.openH2(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
