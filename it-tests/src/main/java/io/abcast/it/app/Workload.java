package io.abcast.it.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads, each with its own connection, each running operations one after the other and recording every one
 * in the {@link OpLog}. Operation ids are unique across the cluster and across restarts: node, incarnation, client
 * and a counter.
 */
final class Workload {

    /** One kind of operation. */
    interface Client {
        String kind();

        void prepare(Connection conn) throws SQLException;

        /** Runs one operation under this id; what it did, or null if it chose not to write. */
        String run(Connection conn, String id) throws SQLException;
    }

    /** Opens connections through the driver. */
    interface Connections {
        Connection open() throws SQLException;
    }

    /** A transaction that conflicted every time it was tried. */
    static final class GaveUp extends SQLException {
        final int tries;

        GaveUp(int tries, SQLException last) {
            super("gave up after " + tries + " conflicts", last.getSQLState(), last);
            this.tries = tries;
        }
    }

    private final Connections connections;
    private final String prefix;
    private final List<Client> clients;
    private final long pauseMillis;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Workload(Connections connections, String prefix, List<Client> clients, long pauseMillis) {
        this.connections = connections;
        this.prefix = prefix;
        this.clients = clients;
        this.pauseMillis = pauseMillis;
    }

    synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            String clientPrefix = prefix + "." + client.kind().charAt(0) + i;
            Thread t = new Thread(() -> loop(client, clientPrefix), "workload-" + clientPrefix);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the clients after their current operation; the counts of outcomes. */
    synchronized Map<String, Long> stop(long timeoutMillis) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.get()));
        for (Thread t : threads) {
            if (t.isAlive()) {
                result.merge("still-running", 1L, Long::sum);
            }
        }
        return result;
    }

    Map<String, Long> counts() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.get()));
        return result;
    }

    private void loop(Client client, String clientPrefix) {
        Connection conn = null;
        long n = 0;
        while (!stopping) {
            try {
                if (conn == null) {
                    conn = connections.open();
                    client.prepare(conn);
                }
            } catch (SQLException e) {
                OpLog.line("CLIENT " + clientPrefix + " cannot connect: " + e.getSQLState() + " "
                        + OpLog.oneLine(e.getMessage()));
                conn = closeQuietly(conn);
                pause(1000);
                continue;
            }
            String id = clientPrefix + "." + (++n);
            long t0 = System.currentTimeMillis();
            OpLog.begin(id, client.kind(), t0);
            long wait = pauseMillis;
            try {
                String detail = client.run(conn, id);
                OpLog.end(detail == null ? "NOOP" : "ACK", id, client.kind(), t0, detail == null ? "" : detail);
                count(detail == null ? "noop" : "ack");
            } catch (GaveUp e) {
                OpLog.end("ABORTED", id, client.kind(), t0, e.getSQLState() + " tries=" + e.tries);
                count("aborted");
            } catch (SQLException e) {
                String state = String.valueOf(e.getSQLState());
                if (state.equals("08004")) {
                    OpLog.end("REFUSED", id, client.kind(), t0, state);
                    count("refused");
                    wait = Math.max(wait, 200);
                } else if (state.equals("08007")) {
                    OpLog.end("UNKNOWN", id, client.kind(), t0, state + " " + OpLog.oneLine(e.getMessage()));
                    count("unknown");
                } else {
                    OpLog.end("ERROR", id, client.kind(), t0, state + " " + e.getErrorCode() + " "
                            + OpLog.oneLine(e.toString()));
                    count("error");
                    wait = Math.max(wait, 500);
                    if (state.startsWith("08")) {
                        conn = closeQuietly(conn); // the connection is gone: open another
                    }
                }
            } catch (RuntimeException e) {
                OpLog.end("ERROR", id, client.kind(), t0, "- 0 " + OpLog.oneLine(e.toString()));
                count("error");
                wait = Math.max(wait, 500);
            }
            pause(wait);
        }
        closeQuietly(conn);
    }

    private void count(String outcome) {
        counts.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void rollbackQuietly(Connection conn) {
        try {
            if (!conn.getAutoCommit()) {
                conn.rollback();
            }
        } catch (SQLException ignored) {
            // the transaction is over either way
        }
    }

    private static Connection closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
        return null;
    }
}
