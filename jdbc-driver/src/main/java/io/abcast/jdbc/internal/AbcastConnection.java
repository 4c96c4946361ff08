package io.abcast.jdbc.internal;

import io.abcast.jdbc.Consistency;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.Classifier;
import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.SessionContext;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlStates;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to the local replica. Reads go to the replica's H2 database through the wrapped connection; writes
 * become commands that every replica applies in one order, and the caller gets what its own replica's H2 returned.
 * The wrapped H2 connection is never handed out, so no write can bypass replication.
 *
 * <p>Like an H2 connection, it is meant for one thread at a time.
 */
public final class AbcastConnection implements ReplicatedConnection {

    private static final AtomicLong SESSIONS = new AtomicLong(ThreadLocalRandom.current().nextLong() & ~0xffffffffL);

    private final Connection delegate;
    private final Replicator replica;
    private final Consistency consistency;
    private final Duration timeout;
    private final long session = SESSIONS.incrementAndGet();
    private final String timeZone;
    private long requests;
    private long lastWritePosition;
    private boolean readOnly;

    AbcastConnection(Connection delegate, Replicator replica, ConnectionSettings settings, Duration timeout)
            throws SQLException {
        this.delegate = delegate;
        this.replica = replica;
        this.consistency = settings.consistency();
        this.timeout = timeout;
        this.timeZone = SessionSettings.timeZone(delegate);
    }

    // ---- the replication paths ------------------------------------------------------------------------------

    /**
     * Checks what the SQL is and whether this connection may run it now.
     *
     * @throws SQLException (0A000) for SQL that cannot be replicated, with the reason and what to do instead
     */
    Classification classify(String sql) throws SQLException {
        checkOpen();
        Classification c = Classifier.classify(sql);
        switch (c.kind()) {
            case REFUSED:
                throw new SQLFeatureNotSupportedException(c.reason() + ": " + sql, SqlStates.NOT_SUPPORTED);
            case TRANSACTION:
                if (!SessionSettings.isAutocommitNoOp(sql)) {
                    throw new SQLFeatureNotSupportedException("transactions are not replicated yet; this connection "
                            + "runs in autocommit mode, where each statement is replicated on its own: " + sql,
                            SqlStates.NOT_SUPPORTED);
                }
                return c;
            case SESSION:
                throw new SQLFeatureNotSupportedException("session settings are not replicated yet, so they would "
                        + "apply to this node's reads only; use Connection.setSchema() to change the schema: " + sql,
                        SqlStates.NOT_SUPPORTED);
            default:
                return c;
        }
    }

    /** Broadcasts one call and waits for its outcome on this replica; throws H2's error if it failed. */
    Outcome write(SqlCall call) throws SQLException {
        checkOpen();
        if (readOnly) {
            throw new SQLException("this connection is read-only (setReadOnly(true)); writes are refused",
                    SqlStates.READ_ONLY);
        }
        Command command = new Command(new CommandId(replica.node(), session, ++requests),
                new SessionContext(delegate.getSchema(), timeZone), List.of(call));
        Outcome outcome = await(replica.submit(command));
        lastWritePosition = Math.max(lastWritePosition, outcome.position());
        if (outcome.failed()) {
            SQLException error = outcome.error();
            error.addSuppressed(new SQLException("the statement was applied in order on every replica, where it "
                    + "failed as above and left no trace; this is the caller's stack"));
            throw error;
        }
        return outcome;
    }

    private Outcome await(CompletableFuture<Outcome> future) throws SQLException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SQLException("no outcome after " + timeout.toMillis() + " ms (abcast.timeout): the write may "
                    + "or may not be applied; check before retrying", SqlStates.OUTCOME_UNKNOWN, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            throw new SQLException("the write failed: " + cause, SqlStates.OUTCOME_UNKNOWN, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the outcome: the write may or may not be applied",
                    SqlStates.OUTCOME_UNKNOWN, e);
        }
    }

    /** Waits until the local replica shows what the consistency level asks for. */
    void beforeRead() throws SQLException {
        checkOpen();
        if (consistency == Consistency.SESSION && replica.appliedPosition() < lastWritePosition) {
            replica.awaitApplied(lastWritePosition, timeout);
        }
    }

    private void checkOpen() throws SQLException {
        if (delegate.isClosed()) {
            throw new SQLException("the connection is closed", SqlStates.CONNECTION_CLOSED);
        }
    }

    Connection delegate() {
        return delegate;
    }

    @Override
    public ReplicaStatus replicaStatus() {
        return replica.status();
    }

    @Override
    public ReplicaState replicaState() throws SQLException {
        return replica.state();
    }

    @Override
    public boolean awaitMembers(int count, Duration wait) throws InterruptedException {
        return replica.awaitMembers(count, wait);
    }

    @Override
    public long lastWritePosition() {
        return lastWritePosition;
    }

    // ---- statements -----------------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new AbcastStatement(this, delegate.createStatement());
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return new AbcastStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return new AbcastStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency,
                resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, io.abcast.replicator.KeyRequest.NONE,
                () -> delegate.prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return AbcastPreparedStatement.prepare(this, sql, io.abcast.replicator.KeyRequest.NONE,
                () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return AbcastPreparedStatement.prepare(this, sql, io.abcast.replicator.KeyRequest.NONE,
                () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, AbcastStatement.keys(autoGeneratedKeys),
                () -> delegate.prepareStatement(sql, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, io.abcast.replicator.KeyRequest.indexes(columnIndexes),
                () -> delegate.prepareStatement(sql, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, io.abcast.replicator.KeyRequest.names(columnNames),
                () -> delegate.prepareStatement(sql, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw callableNotSupported();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw callableNotSupported();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        throw callableNotSupported();
    }

    private static SQLException callableNotSupported() {
        return new SQLFeatureNotSupportedException("CallableStatement is not replicated; use a PreparedStatement "
                + "with CALL (H2 has no OUT parameters)", SqlStates.NOT_SUPPORTED);
    }

    private static void checkConcurrency(int concurrency) throws SQLException {
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("updatable result sets would change one replica only; "
                    + "use CONCUR_READ_ONLY and write with UPDATE statements", SqlStates.NOT_SUPPORTED);
        }
    }

    // ---- transactions: autocommit only, for now --------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (!autoCommit) {
            throw new SQLFeatureNotSupportedException("transactions are not replicated yet; keep autocommit on "
                    + "(each statement, batch included, is applied atomically on every replica)",
                    SqlStates.NOT_SUPPORTED);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public void commit() throws SQLException {
        delegate.commit();
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return delegate.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return delegate.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        delegate.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        delegate.releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        delegate.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return delegate.getTransactionIsolation();
    }

    // ---- the rest delegates ----------------------------------------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return JdbcProxies.metaData(delegate.getMetaData(), this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return delegate.nativeSQL(sql);
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return delegate.getCatalog();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return delegate.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        delegate.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public Clob createClob() throws SQLException {
        return delegate.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return delegate.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return delegate.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return delegate.createSQLXML();
    }

    @Override
    public boolean isValid(int seconds) throws SQLException {
        return delegate.isValid(seconds) && replica.status().failure() == null;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        delegate.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        delegate.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return delegate.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return delegate.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return delegate.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return delegate.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return delegate.getSchema();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        delegate.abort(executor);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return delegate.getNetworkTimeout();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("an abcast connection is not a wrapper for " + iface.getName()
                + " (the H2 connection inside is not handed out, so that every write is replicated)");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
