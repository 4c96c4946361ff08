package io.abcast.replicator.internal;

import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.Outcome.CallResult;
import io.abcast.replicator.Rows;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.TypedValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repeats the application's JDBC calls against H2 on the applier's connection, so that a replica's results are the
 * ones H2 gives for exactly those calls. Prepared statements are kept for reuse.
 *
 * <p>Not thread safe: only the applier thread uses it.
 */
public final class CallExecutor implements AutoCloseable {

    private static final int CACHED_STATEMENTS = 256;

    private record CacheKey(String sql, KeyRequest keys) {
    }

    private final Connection conn;
    private final Map<CacheKey, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, PreparedStatement> eldest) {
            if (size() <= CACHED_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    public CallExecutor(Connection conn) {
        this.conn = conn;
    }

    /**
     * Runs one call.
     *
     * @param withResults whether to read result sets and generated keys (only the origin needs them)
     */
    public CallResult run(SqlCall call, boolean withResults) throws SQLException {
        return call.prepared() ? runPrepared(call, withResults) : runStatement(call, withResults);
    }

    private CallResult runStatement(SqlCall call, boolean withResults) throws SQLException {
        String sql = call.sql().get(0);
        KeyRequest keys = call.keys();
        try (Statement st = conn.createStatement()) {
            switch (call.method()) {
                case EXECUTE: {
                    boolean isResultSet;
                    if (keys.isNone()) {
                        isResultSet = st.execute(sql);
                    } else if (keys.isAll()) {
                        isResultSet = st.execute(sql, Statement.RETURN_GENERATED_KEYS);
                    } else if (keys.columnIndexes() != null) {
                        isResultSet = st.execute(sql, keys.columnIndexes());
                    } else {
                        isResultSet = st.execute(sql, keys.columnNames());
                    }
                    return executed(st, isResultSet, keys, withResults);
                }
                case QUERY:
                    return CallResult.ofResultSet(read(st.executeQuery(sql), withResults), null);
                case UPDATE: {
                    long count;
                    if (keys.isNone()) {
                        count = st.executeLargeUpdate(sql);
                    } else if (keys.isAll()) {
                        count = st.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
                    } else if (keys.columnIndexes() != null) {
                        count = st.executeLargeUpdate(sql, keys.columnIndexes());
                    } else {
                        count = st.executeLargeUpdate(sql, keys.columnNames());
                    }
                    return CallResult.ofUpdateCount(count, keys(st, keys, withResults));
                }
                case BATCH:
                    for (String s : call.sql()) {
                        st.addBatch(s);
                    }
                    return CallResult.ofBatch(st.executeLargeBatch(), null);
                default:
                    throw new IllegalStateException("unknown method " + call.method());
            }
        }
    }

    private CallResult runPrepared(SqlCall call, boolean withResults) throws SQLException {
        PreparedStatement ps = prepare(call.sql().get(0), call.keys());
        try {
            switch (call.method()) {
                case EXECUTE:
                    bind(ps, call.params().get(0));
                    return executed(ps, ps.execute(), call.keys(), withResults);
                case QUERY:
                    bind(ps, call.params().get(0));
                    return CallResult.ofResultSet(read(ps.executeQuery(), withResults), null);
                case UPDATE:
                    bind(ps, call.params().get(0));
                    return CallResult.ofUpdateCount(ps.executeLargeUpdate(), keys(ps, call.keys(), withResults));
                case BATCH:
                    for (Object[] row : call.params()) {
                        bind(ps, row);
                        ps.addBatch();
                    }
                    long[] counts = ps.executeLargeBatch();
                    return CallResult.ofBatch(counts, keys(ps, call.keys(), withResults));
                default:
                    throw new IllegalStateException("unknown method " + call.method());
            }
        } finally {
            ps.clearBatch();
            ps.clearParameters();
        }
    }

    private static CallResult executed(Statement st, boolean isResultSet, KeyRequest keys, boolean withResults)
            throws SQLException {
        if (isResultSet) {
            return CallResult.ofResultSet(read(st.getResultSet(), withResults), keys(st, keys, withResults));
        }
        return CallResult.ofUpdateCount(st.getLargeUpdateCount(), keys(st, keys, withResults));
    }

    private static Rows keys(Statement st, KeyRequest keys, boolean withResults) throws SQLException {
        if (keys.isNone() || !withResults) {
            return null;
        }
        return read(st.getGeneratedKeys(), true);
    }

    private static Rows read(ResultSet rs, boolean withResults) throws SQLException {
        try (rs) {
            return withResults ? Rows.read(rs) : Rows.EMPTY;
        }
    }

    private PreparedStatement prepare(String sql, KeyRequest keys) throws SQLException {
        CacheKey key = new CacheKey(sql, keys);
        PreparedStatement ps = cache.get(key);
        if (ps == null) {
            if (keys.isNone()) {
                ps = conn.prepareStatement(sql);
            } else if (keys.isAll()) {
                ps = conn.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            } else if (keys.columnIndexes() != null) {
                ps = conn.prepareStatement(sql, keys.columnIndexes());
            } else {
                ps = conn.prepareStatement(sql, keys.columnNames());
            }
            cache.put(key, ps);
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v instanceof TypedValue typed) {
                ps.setObject(i + 1, typed.value(), typed.sqlType());
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    @Override
    public void close() {
        cache.values().forEach(CallExecutor::closeQuietly);
        cache.clear();
    }

    private static void closeQuietly(Statement st) {
        try {
            st.close();
        } catch (SQLException ignored) {
            // closing a statement of an applier that is going away
        }
    }
}
