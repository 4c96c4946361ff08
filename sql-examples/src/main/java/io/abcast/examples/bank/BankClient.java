package io.abcast.examples.bank;

import io.abcast.examples.bank.BankPlan.Transfer;
import io.abcast.examples.cluster.Tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * One bank client: its plan's transfers, one after the other, on its own connection. Each is a JDBC transaction
 * ({@code setAutoCommit(false)}): read both balances; if the source has the amount, write both new balances (in
 * account order) and a row in {@code TRANSFER}, then commit; else roll back (declined). A transfer that fails with
 * SQLState 40001 (it conflicted with one committed before it, and nothing of it was applied) is rolled back and tried
 * again, reading the balances afresh.
 *
 * <p>Counters: {@code committed}, {@code declined}, {@code retried} (attempts that failed with 40001) and
 * {@code moved} (the money the committed transfers moved). Not thread safe: one per client thread.
 */
final class BankClient {

    static final String READ = "SELECT BALANCE FROM ACCOUNT WHERE ID = ?";
    static final String WRITE = "UPDATE ACCOUNT SET BALANCE = ? WHERE ID = ?";
    static final String LOG = "INSERT INTO TRANSFER(NODE, CLIENT, SEQ, FROM_ID, TO_ID, AMOUNT) VALUES (?, ?, ?, ?, ?, ?)";

    /** A transfer that still conflicts after this many attempts fails the run: something is wrong. */
    private static final int MAX_ATTEMPTS = 1_000;

    private final BankPlan plan;
    private final int node;
    private final int client;
    private final Connection conn;
    private final Tally tally;

    BankClient(BankPlan plan, int node, int client, Connection conn, Tally tally) {
        this.plan = plan;
        this.node = node;
        this.client = client;
        this.conn = conn;
        this.tally = tally;
    }

    void run(long deadlineNanos) throws SQLException, TimeoutException {
        for (String counter : new String[] {"committed", "declined", "retried", "moved"}) {
            tally.add(counter, 0);
        }
        conn.setAutoCommit(false);
        try (PreparedStatement read = conn.prepareStatement(READ);
             PreparedStatement write = conn.prepareStatement(WRITE);
             PreparedStatement log = conn.prepareStatement(LOG)) {
            int seq = 0;
            for (Transfer t : plan.transfersOf(node, client)) {
                Tally.checkTime(deadlineNanos, seq + " transfers");
                seq++;
                long start = System.nanoTime();
                for (int attempt = 1; !attempt(read, write, log, seq, t); attempt++) {
                    Tally.checkTime(deadlineNanos, (seq - 1) + " transfers");
                    if (attempt == MAX_ATTEMPTS) {
                        throw new SQLException("transfer " + seq + " still conflicts after " + attempt + " attempts");
                    }
                }
                tally.operation(System.nanoTime() - start);
            }
        } finally {
            conn.rollback();
            conn.setAutoCommit(true);
        }
    }

    /** One attempt at a transfer; false when it conflicted (40001) and was rolled back, to be tried again. */
    private boolean attempt(PreparedStatement read, PreparedStatement write, PreparedStatement log, int seq,
                            Transfer t) throws SQLException {
        try {
            long from = balance(read, t.from());
            long to = balance(read, t.to());
            if (from < t.amount()) {
                conn.rollback(); // read only: nothing was sent
                tally.add("declined", 1);
                return true;
            }
            if (t.from() < t.to()) {
                set(write, t.from(), from - t.amount());
                set(write, t.to(), to + t.amount());
            } else {
                set(write, t.to(), to + t.amount());
                set(write, t.from(), from - t.amount());
            }
            log.setString(1, "n" + node);
            log.setInt(2, client);
            log.setInt(3, seq);
            log.setInt(4, t.from());
            log.setInt(5, t.to());
            log.setLong(6, t.amount());
            log.executeUpdate();
            conn.commit();
            tally.wrote();
            tally.add("committed", 1);
            tally.add("moved", t.amount());
            return true;
        } catch (SQLException e) {
            if (!"40001".equals(e.getSQLState())) {
                throw e;
            }
            conn.rollback();
            tally.wrote(); // a transaction that failed certification still took its place in the order
            tally.add("retried", 1);
            return false;
        }
    }

    private static long balance(PreparedStatement read, int id) throws SQLException {
        read.setInt(1, id);
        try (ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("account " + id + " is missing");
            }
            return rs.getLong(1);
        }
    }

    private static void set(PreparedStatement write, int id, long balance) throws SQLException {
        write.setLong(1, balance);
        write.setInt(2, id);
        if (write.executeUpdate() != 1) {
            throw new SQLException("account " + id + " was not updated");
        }
    }
}
