package io.abcast.jdbc.internal;

import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.SequenceDraws;
import io.abcast.jdbc.internal.sql.SqlLexer;
import io.abcast.jdbc.internal.sql.StatementKind;
import io.abcast.replicator.Command;
import io.abcast.replicator.Outcome.CallResult;
import io.abcast.replicator.Replicator;
import io.abcast.replicator.SqlCall;
import io.abcast.replicator.SqlStates;
import io.abcast.replicator.internal.CommandCodec;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's transaction state: autocommit or not, the open {@link TentativeTransaction}, its savepoints, the
 * isolation asked for. Commit broadcasts the transaction and waits for its certification on this replica; a
 * read-only transaction commits locally and broadcasts nothing.
 *
 * <p>Isolation: every transaction that writes is serializable in commit order, whatever level is asked. The level
 * decides what reads see before that: {@code REPEATABLE_READ} and {@code SERIALIZABLE} read one snapshot of the
 * replica (a prefix of the serial order, so a read-only transaction is serializable too); lower levels read the
 * latest committed state at each statement, as in H2.
 *
 * <p>Used by its connection's thread.
 */
final class Transactions {

    /** A savepoint: a place in the transaction's log. */
    private record TxSavepoint(int id, String name, int place) implements Savepoint {
        @Override
        public int getSavepointId() throws SQLException {
            if (name != null) {
                throw new SQLException("a named savepoint has no id", "90065");
            }
            return id;
        }

        @Override
        public String getSavepointName() throws SQLException {
            if (name == null) {
                throw new SQLException("an unnamed savepoint has no name", "90065");
            }
            return name;
        }
    }

    private final Connection raw;
    private final Replicator replica;
    private final ReplicationSession session;
    private final IdAllocator allocator;
    private final DrawColumns drawColumns;
    private final long maxBytes;
    private final List<TxSavepoint> savepoints = new ArrayList<>();
    private boolean autoCommit = true;
    private boolean untilEnd;
    private int isolation = Connection.TRANSACTION_READ_COMMITTED;
    private int savepointIds;
    private TentativeTransaction tx;

    Transactions(Connection raw, Replicator replica, ReplicationSession session, Duration timeout, long maxBytes) {
        this.raw = raw;
        this.replica = replica;
        this.session = session;
        this.allocator = IdAllocator.of(replica, timeout);
        this.drawColumns = new DrawColumns(raw);
        this.maxBytes = maxBytes;
    }

    boolean autoCommit() {
        return autoCommit;
    }

    /** Whether statements run tentatively now (autocommit is off). */
    boolean active() {
        return !autoCommit;
    }

    /** Whether the open transaction has run any statement. */
    boolean started() {
        return tx != null && !tx.isEmpty();
    }

    void setAutoCommit(boolean on) throws SQLException {
        if (on == autoCommit) {
            return;
        }
        if (on) {
            commit();
            raw.setAutoCommit(true);
        } else {
            raw.setAutoCommit(false);
        }
        autoCommit = on;
        untilEnd = false;
    }

    /**
     * Runs one statement of the open transaction tentatively.
     *
     * @param schema the session's schema, for the names the statement draws sequence values for
     */
    CallResult run(SqlCall call, Classification c, String schema) throws SQLException {
        if (tx == null) {
            tx = new TentativeTransaction(raw, replica, allocator, session.nextId());
        }
        List<String> sql = new ArrayList<>(call.sql().size());
        for (String s : call.sql()) {
            sql.add(SequenceDraws.rewrite(s, schema, drawColumns));
        }
        SqlCall rewritten = new SqlCall(call.method(), call.prepared(), sql, call.params(), call.keys());
        return tx.run(rewritten, c.isWrite());
    }

    void commit() throws SQLException {
        if (autoCommit) {
            return; // as H2: nothing to commit
        }
        TentativeTransaction ending = tx;
        tx = null;
        savepoints.clear();
        try {
            if (ending == null) {
                raw.commit();
                return;
            }
            try {
                ending.checkDoomed();
            } catch (SQLException e) {
                ending.end(false);
                throw e;
            }
            if (!ending.hasWrites()) {
                ending.end(true); // read-only: nothing to broadcast
                return;
            }
            Command command = new Command(ending.id(), session.context(raw.getSchema(), ending.timestamp(),
                    ending.seed()), ending.calls(), ending.certification());
            ending.end(false); // its locks must not hold up the applier applying it
            int size = CommandCodec.encode(command).length;
            if (size > maxBytes) {
                throw new SQLException("the transaction is " + size + " bytes, more than abcast.max_transaction_bytes="
                        + maxBytes + "; it was rolled back and nothing was sent: split it, or raise the limit",
                        SqlStates.TOO_LARGE);
            }
            session.commit(command);
        } finally {
            endOfTransaction();
        }
    }

    void rollback() throws SQLException {
        if (autoCommit) {
            return;
        }
        TentativeTransaction ending = tx;
        tx = null;
        savepoints.clear();
        try {
            if (ending == null) {
                raw.rollback();
            } else {
                ending.end(false);
            }
        } finally {
            endOfTransaction();
        }
    }

    /** After COMMIT or ROLLBACK: a transaction BEGIN opened gives autocommit back. */
    private void endOfTransaction() throws SQLException {
        if (untilEnd) {
            untilEnd = false;
            autoCommit = true;
            raw.setAutoCommit(true);
        }
    }

    Savepoint setSavepoint(String name) throws SQLException {
        if (autoCommit) {
            throw new SQLException("a savepoint needs a transaction: autocommit is on", "X90020", 90020);
        }
        if (tx == null) {
            tx = new TentativeTransaction(raw, replica, allocator, session.nextId());
        }
        TxSavepoint savepoint = new TxSavepoint(++savepointIds, name, tx.size());
        savepoints.add(savepoint);
        return savepoint;
    }

    void rollback(Savepoint savepoint) throws SQLException {
        int i = savepoints.indexOf(savepoint);
        if (i < 0 || tx == null) {
            throw new SQLException("savepoint " + savepoint + " is not one of this transaction's", "90063", 90063);
        }
        TxSavepoint sp = savepoints.get(i);
        savepoints.subList(i + 1, savepoints.size()).clear();
        tx.replay(sp.place());
        tx.checkDoomed();
    }

    void releaseSavepoint(Savepoint savepoint) throws SQLException {
        if (!savepoints.remove(savepoint)) {
            throw new SQLException("savepoint " + savepoint + " is not one of this transaction's", "90063", 90063);
        }
    }

    /** The savepoint with this name (SQL {@code ROLLBACK TO SAVEPOINT name}). */
    Savepoint savepoint(String name) throws SQLException {
        for (TxSavepoint sp : savepoints) {
            if (name.equalsIgnoreCase(sp.name())) {
                return sp;
            }
        }
        throw new SQLException("Savepoint \"" + name + "\" is invalid", "90063", 90063);
    }

    void setIsolation(int level) throws SQLException {
        if (started()) {
            throw new SQLFeatureNotSupportedException("set the isolation level before the transaction's first "
                    + "statement", SqlStates.NOT_SUPPORTED);
        }
        raw.setTransactionIsolation(level >= Connection.TRANSACTION_REPEATABLE_READ
                ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_READ_COMMITTED);
        isolation = level;
    }

    int isolation() {
        return isolation;
    }

    /**
     * Runs a transaction control statement ({@code COMMIT}, {@code ROLLBACK [TO SAVEPOINT x]}, {@code SAVEPOINT x},
     * {@code RELEASE SAVEPOINT x}, {@code BEGIN}, {@code START TRANSACTION}, {@code SET AUTOCOMMIT ...}).
     */
    void statement(String sql) throws SQLException {
        List<SqlLexer.Token> t = SqlLexer.statements(sql).get(0);
        String first = t.get(0).text();
        switch (first) {
            case "COMMIT", "END" -> {
                if (t.size() > 1 && !t.get(1).is("WORK") && !t.get(1).is("TRANSACTION") || t.size() > 2) {
                    throw twoPhase(sql);
                }
                commit();
            }
            case "ROLLBACK" -> {
                int to = indexOf(t, "TO");
                if (to < 0) {
                    rollback();
                } else {
                    rollback(savepoint(name(t, t.get(to + 1).is("SAVEPOINT") ? to + 2 : to + 1)));
                }
            }
            case "SAVEPOINT" -> setSavepoint(name(t, 1));
            case "RELEASE" -> releaseSavepoint(savepoint(name(t, t.get(1).is("SAVEPOINT") ? 2 : 1)));
            case "BEGIN", "START" -> {
                if (autoCommit) {
                    setAutoCommit(false);
                    untilEnd = true;
                }
            }
            case "SET" -> {
                String v = t.size() > 2 ? t.get(2).text() : "";
                setAutoCommit(v.equals("TRUE") || v.equals("ON") || v.equals("1"));
            }
            default -> throw twoPhase(sql);
        }
    }

    private static SQLException twoPhase(String sql) {
        return new SQLFeatureNotSupportedException("two-phase commit is not replicated: " + sql,
                SqlStates.NOT_SUPPORTED);
    }

    private static int indexOf(List<SqlLexer.Token> t, String word) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(List<SqlLexer.Token> t, int i) throws SQLException {
        if (i >= t.size()) {
            throw new SQLException("a savepoint name is missing", "42001", 42001);
        }
        String text = t.get(i).text();
        return text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    /** Whether a classified statement may run now, in a transaction. */
    void check(Classification c) throws SQLException {
        if (active() && started() && c.kind() == StatementKind.SESSION) {
            throw new SQLFeatureNotSupportedException("change session settings before the transaction's first "
                    + "statement or after it ends: its statements are replicated under one set", SqlStates.NOT_SUPPORTED);
        }
    }

    /** Ends the open transaction when the connection closes: rolled back, as H2 does. */
    void close() throws SQLException {
        if (tx != null) {
            TentativeTransaction ending = tx;
            tx = null;
            ending.end(false);
        }
    }
}
