package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replication state kept inside the replica's own H2 database, in schema {@value #SCHEMA}: the applied position,
 * running hash and epoch; for each session the last request applied (to skip a command delivered again); and the
 * retained log of applied commands, from which peers that missed them catch up. The applier writes all of it in the
 * same transaction as the command it records, so after a crash the database, its position and its log agree. The
 * schema also declares {@link DeterministicFunctions}.
 *
 * <p>Not thread safe: only the applier thread uses it (peers' reads of the log go through their own connection).
 */
final class StateStore {

    static final String SCHEMA = "ABCAST";

    private final Map<SessionKey, Long> lastRequests = new HashMap<>();
    /** Position and size of each retained log entry, oldest first. */
    private final Deque<long[]> retained = new ArrayDeque<>();
    private final long retainedLimit;
    private long retainedBytes;
    private long position;
    private byte[] hash;
    private long epoch;
    private boolean clean;

    private record SessionKey(String origin, long session) {
    }

    /** A recorded command not yet written. */
    private record Entry(SessionKey key, long request, long position, long epoch, byte[] hash, byte[] command) {
    }

    /** What the in-memory state was when the group began. */
    private record Undo(long position, byte[] hash, long epoch, int retainedCount, long retainedBytes,
                        Map<SessionKey, Long> requests) {
    }

    private static final int PRUNE_EVERY = 256;
    private final List<Entry> pending = new ArrayList<>();
    private Undo undo = new Undo(0, new byte[0], 0, 0, 0, new HashMap<>());
    private int sincePrune;

    /**
     * Creates the schema if need be (on a connection in manual-commit mode) and reads the state.
     *
     * @param retainedLimit how many bytes of applied commands the log keeps
     */
    StateStore(Connection conn, long retainedLimit) throws SQLException {
        this.retainedLimit = retainedLimit;
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".STATE(ID INT PRIMARY KEY, "
                    + "POSITION BIGINT NOT NULL, HASH VARBINARY(32) NOT NULL, EPOCH BIGINT DEFAULT 0 NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".SESSIONS(ORIGIN VARCHAR NOT NULL, "
                    + "SESSION BIGINT NOT NULL, REQUEST BIGINT NOT NULL, PRIMARY KEY(ORIGIN, SESSION))");
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".LOG(POSITION BIGINT PRIMARY KEY, "
                    + "EPOCH BIGINT NOT NULL, HASH VARBINARY(32) NOT NULL, COMMAND VARBINARY NOT NULL)");
            String functions = DeterministicFunctions.class.getName();
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".REPLICATED_UUID FOR '" + functions + ".randomUuid'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".NEXT_ID FOR '" + functions + ".nextId'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".NEXT_VALUE FOR '" + functions + ".nextValue'");
            st.execute("CREATE ALIAS IF NOT EXISTS " + SCHEMA + ".RESERVE FOR '" + functions + ".reserve'");
            st.execute("ALTER TABLE " + SCHEMA + ".STATE ADD COLUMN IF NOT EXISTS CLEAN BOOLEAN DEFAULT TRUE NOT NULL");
            st.execute("MERGE INTO " + SCHEMA + ".STATE KEY(ID) SELECT 1, 0, CAST(X'' AS VARBINARY), 0, TRUE "
                    + "WHERE NOT EXISTS(SELECT 1 FROM " + SCHEMA + ".STATE)");
        }
        conn.commit();
        reload(conn);
        if (clean) {
            // Until a graceful close says otherwise, the files may be left by a crash. (After a crash the flag is
            // false already, and the row is left alone: H2 can leave a crashed transaction's lock on it that a
            // write spins on, and the replica is re-seeded before it writes anything.)
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("UPDATE " + SCHEMA + ".STATE SET CLEAN = FALSE WHERE ID = 1");
            }
            conn.commit();
        }
    }

    /**
     * Whether the database was closed gracefully last time. After a crash, H2's sequences (not transactional) come
     * back ahead of the data, so this replica cannot continue the cluster's history from its own files alone.
     */
    boolean wasClean() {
        return clean;
    }

    /** Marks the database as closed gracefully (its sequences and data agree). */
    void markClean(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("UPDATE " + SCHEMA + ".STATE SET CLEAN = TRUE WHERE ID = 1");
        }
        conn.commit();
    }

    /** Reads the state again, e.g. after a snapshot replaced the database's content. */
    void reload(Connection conn) throws SQLException {
        pending.clear();
        lastRequests.clear();
        retained.clear();
        retainedBytes = 0;
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT POSITION, HASH, EPOCH, CLEAN FROM " + SCHEMA
                    + ".STATE WHERE ID = 1")) {
                rs.next();
                position = rs.getLong(1);
                hash = rs.getBytes(2);
                epoch = rs.getLong(3);
                clean = rs.getBoolean(4);
            }
            try (ResultSet rs = st.executeQuery("SELECT ORIGIN, SESSION, REQUEST FROM " + SCHEMA + ".SESSIONS")) {
                while (rs.next()) {
                    lastRequests.put(new SessionKey(rs.getString(1), rs.getLong(2)), rs.getLong(3));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT POSITION, OCTET_LENGTH(COMMAND) FROM " + SCHEMA
                    + ".LOG ORDER BY POSITION")) {
                while (rs.next()) {
                    retained.addLast(new long[] {rs.getLong(1), rs.getLong(2)});
                    retainedBytes += rs.getLong(2);
                }
            }
        }
        conn.commit();
    }

    long position() {
        return position;
    }

    byte[] hash() {
        return hash.clone();
    }

    /** The epoch of the last applied command. */
    long epoch() {
        return epoch;
    }

    /** Whether a command with this id was applied already. */
    boolean isApplied(CommandId id) {
        Long last = lastRequests.get(new SessionKey(id.origin(), id.session()));
        return last != null && last >= id.request();
    }

    /**
     * Starts a group of commands applied in one transaction: what {@link #record} changes in memory can be undone
     * with {@link #undoGroup} until {@link #flush} wrote it.
     */
    void beginGroup() {
        undo = new Undo(position, hash, epoch, retained.size(), retainedBytes, new HashMap<>());
        pending.clear();
    }

    /** Forgets what was recorded since {@link #beginGroup} (its transaction was rolled back). */
    void undoGroup() {
        position = undo.position();
        hash = undo.hash();
        epoch = undo.epoch();
        while (retained.size() > undo.retainedCount()) {
            retained.removeLast();
        }
        retainedBytes = undo.retainedBytes();
        undo.requests().forEach((key, request) -> {
            if (request == null) {
                lastRequests.remove(key);
            } else {
                lastRequests.put(key, request);
            }
        });
        undo.requests().clear();
        pending.clear();
    }

    /**
     * Records a command as applied: the new position, hash and epoch, the session's request, and the command in the
     * log. The in-memory view changes at once; {@link #flush} writes the group's records in its transaction.
     */
    void record(CommandId id, long newPosition, byte[] newHash, long newEpoch, byte[] command) {
        SessionKey key = new SessionKey(id.origin(), id.session());
        Long before = lastRequests.put(key, id.request());
        if (!undo.requests().containsKey(key)) {
            undo.requests().put(key, before);
        }
        pending.add(new Entry(key, id.request(), newPosition, newEpoch, newHash, command));
        retained.addLast(new long[] {newPosition, command.length});
        retainedBytes += command.length;
        position = newPosition;
        hash = newHash;
        epoch = newEpoch;
    }

    /**
     * Writes what the group recorded, in the session's current transaction: the state row once, each session's last
     * request, and the log entries; then prunes the log. If the transaction then fails to commit, the replica must
     * stop (see {@link Applier}).
     */
    void flush(ApplierSession session) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        PreparedStatement update = session.stateStatement("UPDATE " + SCHEMA + ".STATE SET POSITION = ?, HASH = ?, "
                + "EPOCH = ? WHERE ID = 1");
        update.setLong(1, position);
        update.setBytes(2, hash);
        update.setLong(3, epoch);
        if (update.executeUpdate() != 1) {
            throw new SQLException("the replication state row " + SCHEMA + ".STATE is missing");
        }
        PreparedStatement merge = session.stateStatement("MERGE INTO " + SCHEMA + ".SESSIONS KEY(ORIGIN, SESSION) "
                + "VALUES (?, ?, ?)");
        PreparedStatement log = session.stateStatement("INSERT INTO " + SCHEMA + ".LOG VALUES (?, ?, ?, ?)");
        Map<SessionKey, Long> last = new HashMap<>();
        for (Entry e : pending) {
            last.put(e.key, e.request);
            log.setLong(1, e.position);
            log.setLong(2, e.epoch);
            log.setBytes(3, e.hash);
            log.setBytes(4, e.command);
            log.addBatch();
        }
        log.executeBatch();
        for (var e : last.entrySet()) {
            merge.setString(1, e.getKey().origin());
            merge.setLong(2, e.getKey().session());
            merge.setLong(3, e.getValue());
            merge.addBatch();
        }
        merge.executeBatch();
        sincePrune += pending.size();
        pending.clear();
        if (sincePrune >= PRUNE_EVERY) {
            sincePrune = 0;
            prune(session);
        }
    }

    /**
     * Deletes the oldest log entries beyond the retained size, in the session's current transaction; always keeps
     * the last one (a peer at this position checks its hash against it).
     */
    private void prune(ApplierSession session) throws SQLException {
        long cut = -1;
        int count = 0;
        long bytes = retainedBytes;
        for (long[] entry : retained) {
            if (bytes <= retainedLimit || retained.size() - count <= 1) {
                break;
            }
            bytes -= entry[1];
            cut = entry[0];
            count++;
        }
        if (cut >= 0) {
            PreparedStatement delete = session.stateStatement("DELETE FROM " + SCHEMA + ".LOG WHERE POSITION <= ?");
            delete.setLong(1, cut);
            delete.executeUpdate();
            // Only now, so that a group undone before this point finds its entries where it left them.
            for (int i = 0; i < count; i++) {
                retained.removeFirst();
            }
            retainedBytes = bytes;
        }
    }
}
