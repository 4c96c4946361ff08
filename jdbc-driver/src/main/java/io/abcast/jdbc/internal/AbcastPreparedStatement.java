package io.abcast.jdbc.internal;

import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.StatementKind;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlCall.Method;

import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prepared statement on the local replica. Every parameter is bound on the wrapped H2 statement too, so H2 checks
 * indexes and serves queries; for a write, the recorded values travel in the command.
 */
final class AbcastPreparedStatement extends BindingStatement {

    /** Opens the wrapped H2 statement. */
    interface Preparer {
        PreparedStatement prepare() throws SQLException;
    }

    private final Classification classification;
    /** The SQL that goes through the order: a write's, with its calls spliced; a read's as written. */
    private final String sql;
    /** Whether its parameters are recorded: it may go through the order (now, or in a transaction later). */
    private final boolean write;
    private final KeyRequest keys;
    private final Object[] values;
    private final boolean[] bound;
    private final List<Object[]> batch = new ArrayList<>();

    private AbcastPreparedStatement(AbcastConnection connection, PreparedStatement delegate, String sql,
                                    Classification classification, KeyRequest keys) throws SQLException {
        super(connection, delegate);
        this.classification = classification;
        // A query is recorded too: the connection may run it in a transaction, where it is certified.
        this.write = classification.isWrite() || classification.kind() == StatementKind.QUERY;
        this.sql = sqlOf(classification, sql);
        this.keys = keys;
        int n = write ? prepared.getParameterMetaData().getParameterCount() : 0;
        this.values = new Object[n];
        this.bound = new boolean[n];
    }

    static AbcastPreparedStatement prepare(AbcastConnection connection, String sql, KeyRequest keys,
                                           Preparer preparer) throws SQLException {
        Classification classification = connection.classify(sql);
        PreparedStatement ps = preparer.prepare();
        try {
            return new AbcastPreparedStatement(connection, ps, sql, classification, keys);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    // ---- executing --------------------------------------------------------------------------------------------

    /** Whether this execution goes through the order (the connection may have entered a transaction since). */
    private boolean throughOrder() throws SQLException {
        checkOpen();
        if (classification.kind() == StatementKind.TRANSACTION) {
            connection.transactionStatement(sql);
            return false;
        }
        return write && connection.throughOrder(classification);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (throughOrder()) {
            written(perform(SqlCall.prepared(Method.QUERY, sql, values(), keys), classification));
            return getResultSet();
        }
        connection.beforeRead();
        ResultSet rs = wrap(prepared.executeQuery());
        connection.ranLocally(classification, sql);
        return rs;
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (classification.kind() == StatementKind.TRANSACTION) {
            throughOrder();
            return 0;
        }
        if (throughOrder()) {
            return written(perform(SqlCall.prepared(Method.UPDATE, sql, values(), keys), classification)).updateCount();
        }
        connection.beforeRead();
        wrap(null);
        long count = prepared.executeLargeUpdate();
        connection.ranLocally(classification, sql);
        return count;
    }

    @Override
    public boolean execute() throws SQLException {
        if (classification.kind() == StatementKind.TRANSACTION) {
            throughOrder();
            return false;
        }
        if (throughOrder()) {
            return written(perform(SqlCall.prepared(Method.EXECUTE, sql, values(), keys), classification))
                    .resultSet() != null;
        }
        connection.beforeRead();
        wrap(null);
        boolean isResultSet = prepared.execute();
        connection.ranLocally(classification, sql);
        return isResultSet;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (write) {
            batch.add(values());
        } else {
            prepared.addBatch();
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
        prepared.clearBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (!write) {
            return prepared.executeLargeBatch();
        }
        List<Object[]> rows = new ArrayList<>(batch);
        batch.clear();
        if (rows.isEmpty()) {
            return new long[0];
        }
        return written(perform(SqlCall.preparedBatch(sql, rows, keys), classification)).batchCounts();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    /** The bound values; H2's error when one is missing. */
    private Object[] values() throws SQLException {
        checkOpen();
        for (int i = 0; i < bound.length; i++) {
            if (!bound[i]) {
                throw new SQLException("Parameter \"#" + (i + 1) + "\" is not set; SQL statement:\n" + sql,
                        "90012", 90012);
            }
        }
        return values.clone();
    }

    @Override
    void bind(int index, Object value) {
        if (write) {
            values[index - 1] = value;
            bound[index - 1] = true;
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        prepared.clearParameters();
        Arrays.fill(values, null);
        Arrays.fill(bound, false);
    }

    // ---- metadata, and the SQL-text methods a prepared statement refuses ---------------------------------------

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return prepared.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return prepared.getParameterMetaData();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }
}
