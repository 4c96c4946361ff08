package io.abcast.replicator.internal;

import io.abcast.replicator.CommandId;

import org.h2.engine.SessionLocal;
import org.h2.message.DbException;
import org.h2.schema.Schema;
import org.h2.schema.Sequence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Java functions the replica's database declares in schema {@code ABCAST}, standing in for H2 built-ins whose values
 * H2 draws from a source no session controls, or from sequences shared by every session.
 *
 * <p>{@code ABCAST.REPLICATED_UUID()} replaces {@code RANDOM_UUID()} and {@code UUID()} in writes, including in column
 * defaults. While the applier applies a command, the UUIDs come from the command's seed and id and a counter (SHA-256
 * of them), so every replica draws the same ones in the same order and no two commands draw the same. Outside the
 * applier (a read on an application's connection) they are plain random UUIDs.
 *
 * <p>{@code ABCAST.NEXT_ID(schema, table, column)} and {@code ABCAST.NEXT_VALUE(schema, sequence)} replace identity
 * and sequence draws in transactions. A transaction's tentative run at its origin must not advance the shared
 * sequences (H2 never rolls a draw back, so the replica would diverge); it draws from values its node reserved
 * ({@link Drawer}), and the replicas draw the same values again from the command ({@link Certification}).
 * Anywhere else they draw from the H2 sequence itself. {@code ABCAST.RESERVE} draws a block of values for a node.
 */
public final class DeterministicFunctions {

    /** Where a tentative run draws sequence values from; set by the driver on the thread running it. */
    public interface Drawer {
        /**
         * The next value for the key: {@code schema.table.column} of an identity column (name is the table) or
         * {@code schema.sequence} of a sequence (name is the sequence, column null).
         */
        long next(String key, String schema, String name, String column) throws SQLException;
    }

    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
    private static final SecureRandom SECURE = new SecureRandom();

    /**
     * One command's draws, the same wherever it runs: its UUIDs (from its id, seed and a counter) and its identity
     * and sequence values (from a drawer at the origin's tentative run; from the command's frozen values, or else
     * the H2 sequence, on a replica). Not thread safe: one command, one thread at a time.
     */
    public static final class Context {
        private MessageDigest sha;
        private final byte[] prefix;
        private final Instant timestamp;
        private final Map<String, long[]> frozen;
        private final Drawer drawer;
        private final Map<String, Integer> drawn = new HashMap<>();
        private long counter;

        /**
         * @param frozen the values to draw again, by key (a replica applying a transaction); empty otherwise
         * @param drawer where to draw from instead (a tentative run), or null
         */
        public Context(CommandId id, long seed, Instant timestamp, Map<String, long[]> frozen, Drawer drawer) {
            this.frozen = frozen;
            this.drawer = drawer;
            byte[] origin = id.origin().getBytes(StandardCharsets.UTF_8);
            prefix = ByteBuffer.allocate(origin.length + 24).put(origin).putLong(id.session()).putLong(id.request())
                    .putLong(seed).array();
            this.timestamp = timestamp;
        }

        /** Starts the draws over, for running the same calls again from the start. */
        public void restart() {
            counter = 0;
            drawn.clear();
        }

        /** The next frozen value for the key, or null if the command froze none for it. */
        private Long frozen(String key) throws SQLException {
            long[] values = frozen.get(key);
            if (values == null) {
                return null;
            }
            int i = drawn.merge(key, 1, Integer::sum) - 1;
            if (i >= values.length) {
                throw new SQLException("the transaction draws more values from " + key + " than it did at its origin",
                        "40001");
            }
            return values[i];
        }

        private ByteBuffer next() {
            if (sha == null) {
                // Made when first needed: most commands draw nothing.
                try {
                    sha = MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every Java runtime has SHA-256", e);
                }
            }
            sha.update(prefix);
            sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
            return ByteBuffer.wrap(sha.digest());
        }
    }

    private DeterministicFunctions() {
    }

    /** Makes the functions draw from this context on this thread until {@link #exit}. */
    public static void enter(Context context) {
        CURRENT.set(context);
    }

    public static void exit() {
        CURRENT.remove();
    }

    /** {@code ABCAST.NEXT_ID(schema, table, column)}: the next value of an identity column. */
    public static long nextId(Connection conn, String schema, String table, String column) throws SQLException {
        return draw(conn, schema + "." + table + "." + column, schema, table, column);
    }

    /** {@code ABCAST.NEXT_VALUE(schema, sequence)}: the next value of a sequence. */
    public static long nextValue(Connection conn, String schema, String sequence) throws SQLException {
        return draw(conn, schema + "." + sequence, schema, sequence, null);
    }

    /**
     * {@code ABCAST.RESERVE(schema, table or sequence, column or null, count)}: draws a block of values from the H2
     * sequence, in the order, for one node's tentative runs.
     */
    public static Long[] reserve(Connection conn, String schema, String name, String column, int count)
            throws SQLException {
        if (count < 1 || count > 100_000) {
            throw new SQLException("a reservation takes 1 to 100000 values, not " + count, "22003");
        }
        Long[] values = new Long[count];
        for (int i = 0; i < count; i++) {
            values[i] = drawFromSequence(conn, schema, name, column);
        }
        return values;
    }

    private static long draw(Connection conn, String key, String schema, String name, String column)
            throws SQLException {
        Context context = CURRENT.get();
        if (context != null && context.drawer != null) {
            return context.drawer.next(key, schema, name, column);
        }
        Long frozen = context == null ? null : context.frozen(key);
        return frozen != null ? frozen : drawFromSequence(conn, schema, name, column);
    }

    private static long drawFromSequence(Connection conn, String schema, String name, String column)
            throws SQLException {
        SessionLocal session = SessionHooks.session(conn);
        try {
            Schema s = session.getDatabase().getSchema(schema);
            Sequence sequence = column == null ? s.getSequence(name)
                    : s.getTableOrView(session, name).getColumn(column).getSequence();
            if (sequence == null) {
                throw new SQLException("column " + schema + "." + name + "." + column + " is not an identity column",
                        "42S22");
            }
            return session.getNextValueFor(sequence, null).getLong();
        } catch (DbException e) {
            throw e.getSQLException();
        }
    }

    /** {@code ABCAST.REPLICATED_UUID()}: a version 4 UUID, like H2's {@code RANDOM_UUID()}. */
    public static UUID randomUuid() {
        return randomUuid(4);
    }

    /** {@code ABCAST.REPLICATED_UUID(version)}: version 4 (random) or 7 (time-ordered), like H2's. */
    public static UUID randomUuid(int version) {
        if (version != 4 && version != 7) {
            throw new IllegalArgumentException("RANDOM_UUID version must be 4 or 7, not " + version);
        }
        Context source = CURRENT.get();
        long high;
        long low;
        if (source != null) {
            ByteBuffer drawn = source.next();
            high = drawn.getLong();
            low = drawn.getLong();
        } else {
            high = SECURE.nextLong();
            low = SECURE.nextLong();
        }
        if (version == 7) {
            long millis = (source != null ? source.timestamp : Instant.now()).toEpochMilli();
            high = (millis << 16) | (high & 0x0fffL) | 0x7000L;
        } else {
            high = (high & ~0xf000L) | 0x4000L;
        }
        low = (low & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
