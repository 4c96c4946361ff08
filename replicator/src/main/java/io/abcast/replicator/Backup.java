package io.abcast.replicator;

import io.abcast.replicator.internal.Restore;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A backup of one replica: a compressed SQL script of its whole database (data, sequences and abcast's own state) at
 * one position, written between two commands, so it is consistent. See {@link Replica#backup} and {@link #restore}.
 *
 * @param file     the script file (H2's {@code SCRIPT ... COMPRESSION ZIP})
 * @param position the position of the last command it holds
 * @param hash     the running hash at that position, in hex
 */
public record Backup(Path file, long position, String hash) {

    /**
     * Restores a backup into an empty H2 database, which a replica can then open, as the first member of a new
     * cluster (its other members join empty and copy it) or as every member of it.
     *
     * @return the position of the restored database
     * @throws SQLException if the database is not empty, or the file is not a backup
     */
    public static long restore(Path file, String h2Url, Properties h2Info) throws SQLException {
        return Restore.run(file, h2Url, h2Info);
    }
}
