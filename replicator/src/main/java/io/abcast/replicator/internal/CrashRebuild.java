package io.abcast.replicator.internal;

import org.h2.store.fs.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Rebuilds the H2 file of a replica that was not closed gracefully, before the replica opens it for good.
 *
 * <p>A process killed while H2 commits can leave a transaction half-ended in the file: its undo records stay, and
 * H2 finishes them on every open. Once the replica is re-seeded, the tables they point to are gone, and H2 can no
 * longer open the file ("map with id N is missing"). Writing the database out as a script and reading it into a new
 * file leaves no such records. The data, position and crash flag are kept, so a replica left by a crash can still
 * tell its peers what it applied.
 */
public final class CrashRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRebuild.class);

    private CrashRebuild() {
    }

    /**
     * Rebuilds the database if it is a file whose replication state says it was left by a crash, and no other
     * session has it open.
     *
     * @return whether it was rebuilt
     */
    public static boolean ifCrashed(String node, String h2Url, Properties h2Info) throws SQLException {
        String path;
        try (Connection conn = new org.h2.Driver().connect(h2Url, h2Info); Statement st = conn.createStatement()) {
            path = filePath(st);
            if (path == null || !leftByCrash(st)) {
                return false;
            }
            if (otherSessions(st) > 0) {
                LOG.warn("{}: the database was left by a crash but other sessions have it open; not rebuilt", node);
                return false;
            }
            long started = System.nanoTime();
            Path script = Files.createTempFile("abcast-rebuild-", ".zip");
            try {
                st.execute(Restore.scriptTo(script));
                st.execute("SHUTDOWN");
                String data = path + ".mv.db";
                String aside = data + ".crashed";
                FileUtils.delete(aside);
                FileUtils.move(data, aside);
                try {
                    runScript(h2Url, h2Info, script);
                } catch (SQLException | RuntimeException e) {
                    // Put the crashed file back as it was: it re-seeds the usual way.
                    closeQuietly(h2Url, h2Info);
                    FileUtils.delete(data);
                    FileUtils.move(aside, data);
                    throw e;
                }
                FileUtils.delete(aside);
                LOG.info("{}: rebuilt the database file left by a crash in {} ms", node,
                        (System.nanoTime() - started) / 1_000_000);
                return true;
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("could not rebuild the database left by a crash: " + e, "58030", e);
        }
    }

    /** The database's file path without its suffix, or null for an in-memory one. */
    private static String filePath(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("CALL DATABASE_PATH()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean leftByCrash(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '"
                + StateStore.SCHEMA + "' AND TABLE_NAME = 'STATE' AND COLUMN_NAME = 'CLEAN'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return false;
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT CLEAN FROM " + StateStore.SCHEMA + ".STATE WHERE ID = 1")) {
            return rs.next() && !rs.getBoolean(1);
        }
    }

    private static long otherSessions(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS "
                + "WHERE SESSION_ID <> SESSION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void closeQuietly(String h2Url, Properties h2Info) {
        try (Connection conn = new org.h2.Driver().connect(h2Url, h2Info); Statement st = conn.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.debug("closing a partly rebuilt database: {}", e.toString());
        }
    }

    private static void runScript(String h2Url, Properties h2Info, Path script) throws SQLException {
        try (Connection conn = new org.h2.Driver().connect(h2Url, h2Info); Statement st = conn.createStatement()) {
            st.execute(Restore.runScriptFrom(script));
        }
    }
}
