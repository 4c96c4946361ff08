package io.abcast.replicator.internal;

import io.abcast.replicator.SqlStates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Writes and reads backups: see {@link io.abcast.replicator.Backup}. */
public final class Restore {

    private Restore() {
    }

    /** The script statement that writes the whole database to a file. */
    static String scriptTo(Path file) {
        return "SCRIPT TO '" + file.toAbsolutePath().toString().replace("'", "''") + "' COMPRESSION ZIP";
    }

    /** The script statement that reads such a file back. */
    static String runScriptFrom(Path file) {
        return "RUNSCRIPT FROM '" + file.toAbsolutePath().toString().replace("'", "''") + "' COMPRESSION ZIP";
    }

    /** Runs a backup's script into an empty database and marks it as a consistent one. */
    public static long run(Path file, String h2Url, Properties h2Info) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new SQLException("no backup file " + file.toAbsolutePath(), SqlStates.INVALID_SETTING);
        }
        try (Connection conn = new org.h2.Driver().connect(h2Url, h2Info)) {
            if (conn == null) {
                throw new SQLException("not an H2 URL: " + h2Url + "; restore into jdbc:h2:...", SqlStates.INVALID_SETTING);
            }
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new SQLException("the database " + h2Url + " is not empty (" + rs.getLong(1)
                                + " tables); restore a backup into a new database", SqlStates.INVALID_SETTING);
                    }
                }
                st.execute(runScriptFrom(file));
                // Written between two commands, its data and sequences agree: as after a graceful close.
                if (st.executeUpdate("UPDATE " + StateStore.SCHEMA + ".STATE SET CLEAN = TRUE WHERE ID = 1") != 1) {
                    throw new SQLException(file.toAbsolutePath() + " is not an abcast backup (it has no "
                            + StateStore.SCHEMA + ".STATE)", SqlStates.INVALID_SETTING);
                }
                conn.commit();
                try (ResultSet rs = st.executeQuery("SELECT POSITION FROM " + StateStore.SCHEMA + ".STATE")) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
    }
}
