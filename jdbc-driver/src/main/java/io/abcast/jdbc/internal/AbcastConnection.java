package io.abcast.jdbc.internal;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlStates;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;

/**
 * A connection to the local replica. Reads go to the replica's H2 database through the wrapped connection; writes
 * become commands that every replica applies in one order, and the caller gets what its own replica's H2 returned.
 * The wrapped H2 connection is never handed out, so no write can bypass replication.
 *
 * <p>Like an H2 connection, it is meant for one thread at a time.
 */
public final class AbcastConnection extends DelegatingConnection implements ReplicatedConnection {

    private final Replicator replica;
    private final ReplicationSession session;
    private boolean readOnly;

    AbcastConnection(Connection delegate, Replicator replica, ConnectionSettings settings, Duration timeout)
            throws SQLException {
        super(delegate);
        this.replica = replica;
        this.session = new ReplicationSession(replica, settings.consistency(), timeout,
                SessionSettings.timeZone(delegate));
    }

    // ---- the replication paths ------------------------------------------------------------------------------

    /** What the SQL is; throws (0A000) for SQL that cannot be replicated. */
    Classification classify(String sql) throws SQLException {
        checkOpen();
        return session.classify(sql);
    }

    /** After SQL ran on this node's session: a session setting it made travels with later commands. */
    void ranLocally(Classification c, String sql) throws SQLException {
        if (c.kind() == io.abcast.jdbc.internal.sql.StatementKind.SESSION) {
            session.settingApplied(c, sql, delegate);
        }
    }

    /** The session's time zone, which legacy date and time parameters are read in. */
    java.time.ZoneId zone() {
        return session.zone();
    }

    /** Broadcasts one call and waits for its outcome on this replica; throws H2's error if it failed. */
    Outcome write(SqlCall call) throws SQLException {
        checkOpen();
        if (readOnly) {
            throw new SQLException("this connection is read-only (setReadOnly(true)); writes are refused",
                    SqlStates.READ_ONLY);
        }
        return session.write(call, delegate.getSchema());
    }

    /** Waits until the local replica shows what the consistency level asks for. */
    void beforeRead() throws SQLException {
        checkOpen();
        session.beforeRead();
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
    public void awaitPosition(long position, Duration wait) throws SQLException {
        replica.awaitApplied(position, wait);
    }

    @Override
    public long lastWritePosition() {
        return session.lastWritePosition();
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
        return AbcastPreparedStatement.prepare(this, sql, KeyRequest.NONE,
                () -> delegate.prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return AbcastPreparedStatement.prepare(this, sql, KeyRequest.NONE,
                () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        checkConcurrency(resultSetConcurrency);
        return AbcastPreparedStatement.prepare(this, sql, KeyRequest.NONE,
                () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, AbcastStatement.keys(autoGeneratedKeys),
                () -> delegate.prepareStatement(sql, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, KeyRequest.indexes(columnIndexes),
                () -> delegate.prepareStatement(sql, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return AbcastPreparedStatement.prepare(this, sql, KeyRequest.names(columnNames),
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
    public boolean isValid(int seconds) throws SQLException {
        return delegate.isValid(seconds) && replica.status().failure() == null;
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
