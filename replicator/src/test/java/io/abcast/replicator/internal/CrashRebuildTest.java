package io.abcast.replicator.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class CrashRebuildTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
    }

    private static Properties sa() {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        return info;
    }

    /**
     * A file left by a crash, with a transaction whose undo records H2 keeps in the file (here a prepared one, the
     * kind a test can leave on purpose), is written into a new file: the records are gone, the data and state stay.
     */
    @Test
    void rebuildsAFileLeftByACrashKeepingItsDataAndState() throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            new StateStore(c, 1 << 20);
            st.execute("CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR)");
            st.execute("CREATE SEQUENCE S");
            st.execute("INSERT INTO T VALUES (1, 'one'), (2, 'two')");
            st.execute("CALL NEXT VALUE FOR S");
            c.commit();
            st.execute("INSERT INTO T VALUES (3, 'three')");
            st.execute("PREPARE COMMIT LEFTOVER");
            try (Connection other = DriverManager.getConnection(url(), "sa", "")) {
                other.createStatement().execute("SHUTDOWN IMMEDIATELY");
            }
        } catch (SQLException closedUnderIt) {
            // The connection's database is gone: that is the crash.
        }
        long sequenceBase;
        try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement st = c.createStatement()) {
            assertThat(count(st, "INFORMATION_SCHEMA.IN_DOUBT")).isEqualTo(1);
            sequenceBase = sequenceBase(st);
        }

        assertThat(CrashRebuild.ifCrashed("n1", url(), sa())).isTrue();

        try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement st = c.createStatement()) {
            assertThat(count(st, "INFORMATION_SCHEMA.IN_DOUBT")).isZero();
            assertThat(count(st, "T")).isEqualTo(2);
            assertThat(sequenceBase(st)).as("where the crash left it").isEqualTo(sequenceBase);
            try (ResultSet rs = st.executeQuery("SELECT CLEAN FROM ABCAST.STATE")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("still left by a crash until re-seeded").isFalse();
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("db.mv.db");
        }
    }

    @Test
    void leavesACleanlyClosedFileAlone() throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
            c.setAutoCommit(false);
            new StateStore(c, 1 << 20).markClean(c);
        }
        assertThat(CrashRebuild.ifCrashed("n1", url(), sa())).isFalse();
    }

    @Test
    void leavesAFileOthersHaveOpenAlone() throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
            c.setAutoCommit(false);
            new StateStore(c, 1 << 20);
            assertThat(CrashRebuild.ifCrashed("n1", url(), sa())).isFalse();
        }
    }

    @Test
    void leavesInMemoryDatabasesAlone() throws Exception {
        assertThat(CrashRebuild.ifCrashed("n1", "jdbc:h2:mem:rebuild", sa())).isFalse();
    }

    private static long sequenceBase(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES "
                + "WHERE SEQUENCE_NAME = 'S'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
