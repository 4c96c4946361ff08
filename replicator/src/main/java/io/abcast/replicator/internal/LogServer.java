package io.abcast.replicator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves peers that catch up: the retained log's entries after a position whose hash matches (incremental), or a
 * snapshot of the whole database at one position (a SQL script, read in one consistent transaction). Reads through
 * its own connection, never the applier's.
 *
 * <p>Called on one server thread at a time.
 */
final class LogServer {

    private static final Logger LOG = LoggerFactory.getLogger(LogServer.class);
    /** How many bytes of entries one reply carries, about. */
    private static final int REPLY_BYTES = 1 << 20;
    /** How many bytes of script one snapshot chunk carries, about. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final Applier.ConnectionFactory connections;
    private final Applier applier;
    private final String node;

    LogServer(String node, Applier.ConnectionFactory connections, Applier applier) {
        this.node = node;
        this.connections = connections;
        this.applier = applier;
    }

    /** The reply to a fetch: entries, or that a snapshot is needed. */
    Object fetch(Control.Fetch request) throws SQLException {
        try (Connection conn = connections.open()) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (!hasHistory(conn, request.position(), request.hash())) {
                conn.rollback();
                return new Control.NeedSnapshot(request.request());
            }
            List<Control.Entry> entries = new ArrayList<>();
            long bytes = 0;
            boolean more = false;
            try (PreparedStatement ps = conn.prepareStatement("SELECT POSITION, EPOCH, HASH, COMMAND FROM "
                    + StateStore.SCHEMA + ".LOG WHERE POSITION > ? ORDER BY POSITION")) {
                ps.setLong(1, request.position());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (bytes >= REPLY_BYTES) {
                            more = true;
                            break;
                        }
                        byte[] command = rs.getBytes(4);
                        entries.add(new Control.Entry(rs.getLong(1), rs.getLong(2), rs.getBytes(3), command));
                        bytes += command.length + 64;
                    }
                }
            }
            conn.rollback();
            return new Control.Entries(request.request(), entries, more);
        }
    }

    /** Whether this replica's history passes through the position with that hash, with the log from there on. */
    private static boolean hasHistory(Connection conn, long position, byte[] hash) throws SQLException {
        if (position == 0) {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MIN(POSITION) FROM " + StateStore.SCHEMA + ".LOG")) {
                rs.next();
                long min = rs.getLong(1);
                return hash.length == 0 && (rs.wasNull() || min == 1);
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT HASH FROM " + StateStore.SCHEMA
                + ".LOG WHERE POSITION = ?")) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Arrays.equals(rs.getBytes(1), hash);
            }
        }
    }

    /**
     * A snapshot of the whole database, at one position, as the chunks of a SQL script. The applier writes it
     * between two commands (H2's sequences are not transactional, so a concurrent reader would pair old rows with
     * newer sequence values); this replica's applier pauses meanwhile, the cluster does not.
     */
    List<Control.SnapshotChunk> snapshot(long request) throws Exception {
        CompletableFuture<List<byte[]>> script = new CompletableFuture<>();
        applier.submit(a -> {
            try {
                script.complete(a.script(CHUNK_BYTES));
            } catch (SQLException e) {
                script.completeExceptionally(e);
            }
        });
        List<byte[]> pieces = script.get();
        List<Control.SnapshotChunk> chunks = new ArrayList<>(pieces.size());
        long total = 0;
        for (int i = 0; i < pieces.size(); i++) {
            chunks.add(new Control.SnapshotChunk(request, pieces.get(i), i == pieces.size() - 1));
            total += pieces.get(i).length;
        }
        LOG.info("{}: serving a snapshot of {} bytes", node, total);
        return chunks;
    }
}
