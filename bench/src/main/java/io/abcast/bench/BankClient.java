package io.abcast.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client thread of the bank workload, on its own connection: random transfers between two distinct accounts,
 * each a {@code SERIALIZABLE} transaction that reads both balances and, if the source covers the amount, updates
 * both (in account order), then commits. A transfer whose attempt fails on a conflict is rolled back and tried
 * again, until it commits or the run's time is up.
 *
 * <p>Its counters are read by the thread that started it once it has been joined.
 */
final class BankClient implements Runnable {

    private static final int MAX_AMOUNT = 100;

    private final Connection connection;
    private final int accounts;
    private final CountDownLatch go;
    private final long[] deadline;
    private final AtomicReference<String> error;
    private final String name;

    /** Per account (by id), the money the committed transfers moved in (positive) or out (negative). */
    final long[] moved;
    final Latencies committed = new Latencies();
    final Latencies transfers = new Latencies();
    final Map<String, Long> abortKinds = new TreeMap<>();
    /** The first message of each kind of abort. */
    final Map<String, String> abortExamples = new TreeMap<>();
    long attempts;
    long commits;
    long aborts;
    long readOnly;
    long gaveUp;

    /**
     * @param deadline its only element is the {@link System#nanoTime} after which no transfer starts, set before
     *                 {@code go} opens
     * @param error    the first error of any client, which stops them all
     */
    BankClient(String name, Connection connection, int accounts, CountDownLatch go, long[] deadline,
               AtomicReference<String> error) {
        this.name = name;
        this.connection = connection;
        this.accounts = accounts;
        this.go = go;
        this.deadline = deadline;
        this.error = error;
        this.moved = new long[accounts + 1];
    }

    @Override
    public void run() {
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(BankWorkload.SELECT);
                 PreparedStatement update = connection.prepareStatement(BankWorkload.UPDATE)) {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (error.get() == null && System.nanoTime() < deadline[0]) {
                    int from = random.nextInt(1, accounts + 1);
                    int to = random.nextInt(1, accounts);
                    if (to >= from) {
                        to++;
                    }
                    transfer(select, update, from, to, random.nextLong(1, MAX_AMOUNT + 1));
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            error.compareAndSet(null, name + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transfer, tried until it commits, fails on something else than a conflict, or the time is up. */
    private void transfer(PreparedStatement select, PreparedStatement update, int from, int to, long amount)
            throws SQLException {
        long first = System.nanoTime();
        while (true) {
            attempts++;
            long start = System.nanoTime();
            try {
                boolean wrote = attempt(select, update, from, to, amount);
                connection.commit();
                long end = System.nanoTime();
                committed.add(end - start);
                transfers.add(end - first);
                commits++;
                if (wrote) {
                    moved[from] -= amount;
                    moved[to] += amount;
                } else {
                    readOnly++;
                }
                return;
            } catch (SQLException e) {
                String kind = conflict(e);
                rollbackAfter(e);
                if (kind == null) {
                    throw e;
                }
                aborts++;
                abortKinds.merge(kind, 1L, Long::sum);
                abortExamples.putIfAbsent(kind, String.valueOf(e.getMessage()));
                if (System.nanoTime() >= deadline[0]) {
                    gaveUp++;
                    return;
                }
            }
        }
    }

    /** Reads both balances, and moves the amount if the source has it; whether it wrote. */
    private boolean attempt(PreparedStatement select, PreparedStatement update, int from, int to, long amount)
            throws SQLException {
        long fromBalance = balance(select, from);
        long toBalance = balance(select, to);
        if (fromBalance < amount) {
            return false;
        }
        // In account order, so that two transfers over the same accounts never wait for each other's row locks.
        if (from < to) {
            set(update, from, fromBalance - amount);
            set(update, to, toBalance + amount);
        } else {
            set(update, to, toBalance + amount);
            set(update, from, fromBalance - amount);
        }
        return true;
    }

    private static long balance(PreparedStatement select, int id) throws SQLException {
        select.setInt(1, id);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("account " + id + " is missing");
            }
            return rs.getLong(1);
        }
    }

    private static void set(PreparedStatement update, int id, long balance) throws SQLException {
        update.setLong(1, balance);
        update.setInt(2, id);
        if (update.executeUpdate() != 1) {
            throw new SQLException("account " + id + " was not updated");
        }
    }

    /** Rolls the failed attempt back; should that fail, the client stops rather than retry in a dirty transaction. */
    private void rollbackAfter(SQLException failure) throws SQLException {
        try {
            connection.rollback();
        } catch (SQLException e) {
            e.addSuppressed(failure);
            throw e;
        }
    }

    /**
     * The kind of conflict, as SQLState/error code, or null if the error is not one a client retries: abcast's
     * 40001 (certification, or its local transaction aborted for the applier), and plain H2's deadlock (40001/40001),
     * concurrent update (90131) and lock timeout (HYT00/50200).
     */
    static String conflict(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        if ("40001".equals(state) || code == 90131 || code == 50200 || "90131".equals(state) || "HYT00".equals(state)) {
            return state + "/" + code;
        }
        return null;
    }

    private static String describe(Exception e) {
        return e instanceof SQLException s ? s + " [SQLState " + s.getSQLState() + ", code " + s.getErrorCode() + "]"
                : e.toString();
    }
}
