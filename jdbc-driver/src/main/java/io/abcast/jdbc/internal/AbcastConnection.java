package io.abcast.jdbc.internal;

import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.StatementKind;
import io.abcast.replicator.KeyRequest;
import io.abcast.replicator.Outcome;
import io.abcast.replicator.Outcome.CallResult;
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
    private final Transactions transactions;
    private boolean readOnly;

    AbcastConnection(Connection delegate, Replicator replica, ConnectionSettings settings, Duration timeout)
            throws SQLException {
        super(delegate);
        this.replica = replica;
        this.session = new ReplicationSession(replica, settings.consistency(), timeout,
                SessionSettings.timeZone(delegate));
        this.transactions = new Transactions(delegate, replica, session, timeout, settings.maxTransactionBytes());
    }

    // ---- the replication paths ------------------------------------------------------------------------------

    /** What the SQL is; throws (0A000) for SQL that cannot be replicated, or cannot run now. */
    Classification classify(String sql) throws SQLException {
        checkOpen();
        Classification c = session.classify(sql);
        transactions.check(c);
        return c;
    }

    /**
     * Whether the statement goes through the order: a write always; in a transaction, a read too (it runs
     * tentatively, and is certified with the transaction's writes).
     */
    boolean throughOrder(Classification c) {
        return c.isWrite() || (transactions.active() && c.kind() == StatementKind.QUERY);
    }

    /**
     * Runs a call that goes through the order: broadcast at once in autocommit mode, tentatively in a transaction
     * (where DDL, which H2 commits on its own, first commits the transaction, as H2 does).
     */
    CallResult perform(SqlCall call, Classification c) throws SQLException {
        checkOpen();
        if (c.isWrite() && readOnly) {
            throw new SQLException("this connection is read-only (setReadOnly(true)); writes are refused",
                    SqlStates.READ_ONLY);
        }
        if (transactions.active() && c.kind() != StatementKind.DDL) {
            session.beforeRead();
            return transactions.run(call, c, delegate.getSchema());
        }
        if (transactions.active()) {
            transactions.commit();
        }
        return write(call).results().get(0);
    }

    /** Runs a transaction control statement (COMMIT, ROLLBACK, SAVEPOINT, BEGIN, SET AUTOCOMMIT ...). */
    void transactionStatement(String sql) throws SQLException {
        checkOpen();
        transactions.statement(sql);
    }

    /** After SQL ran on this node's session: a session setting it made travels with later commands. */
    void ranLocally(Classification c, String sql) throws SQLException {
        if (c.kind() == StatementKind.SESSION) {
            session.settingApplied(c, sql, delegate);
        }
    }

    /** The session's time zone, which legacy date and time parameters are read in. */
    java.time.ZoneId zone() {
        return session.zone();
    }

    /** Broadcasts one call and waits for its outcome on this replica; throws H2's error if it failed. */
    private Outcome write(SqlCall call) throws SQLException {
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
    public io.abcast.replicator.Backup backup(java.nio.file.Path file) throws SQLException {
        checkOpen();
        return replica.backup(file);
    }

    @Override
    public io.abcast.replicator.ReplicaMetrics replicaMetrics() {
        return replica.metrics();
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

    // ---- transactions ----------------------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        transactions.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return transactions.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        transactions.commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        transactions.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        return transactions.setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        return transactions.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        transactions.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        transactions.releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        transactions.setIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return transactions.isolation();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!delegate.isClosed()) {
                transactions.close();
            }
        } finally {
            delegate.close();
        }
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
        if (transactions.active() && transactions.started()) {
            throw new SQLFeatureNotSupportedException("change the schema before the transaction's first statement "
                    + "or after it ends: its statements are replicated under one schema", SqlStates.NOT_SUPPORTED);
        }
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
