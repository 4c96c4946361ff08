package io.abcast.examples.faults;

import io.abcast.jdbc.ReplicatedConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One writer of a {@link FaultNode}: on its own thread and its own connection to the node's replica, it inserts
 * numbered rows {@code (WRITER, SEQ)} into W, one autocommit INSERT each, until stopped. Every insert is announced
 * before it is executed and its fate printed after, so that the test knows every insert that may have reached the
 * cluster even when the process is killed in between:
 * <pre>
 *   SEND key=n1i1w0:17                      (flushed before the INSERT runs)
 *   ACK key=n1i1w0:17 position=P            the INSERT returned: it must be there exactly once
 *   UNKNOWN key=n1i1w0:17 state=08007       outcome unknown: it may be there, at most once
 *   REFUSED key=n1i1w0:17 state=S           any other error: it must not be there
 * </pre>
 * After a refusal the writer pauses briefly, so that a replica without a primary component does not flood the
 * output; after an error other than 08004 and 08007 it also opens a new connection.
 */
final class Writer {

    private static final String INSERT = "INSERT INTO W(WRITER, SEQ) VALUES (?, ?)";
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final String url;
    private final Consumer<String> say;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long inserts;

    Writer(String name, String url, Consumer<String> say) {
        this.name = name;
        this.url = url;
        this.say = say;
        this.thread = new Thread(this::run, "writer-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stop = true;
    }

    /** Waits until the writer has ended; returns how many inserts it tried. */
    long join(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("writer " + name + " did not end within " + timeout.toSeconds() + " s");
        }
        return inserts;
    }

    private void run() {
        Connection conn = null;
        PreparedStatement insert = null;
        int seq = 0;
        try {
            while (!stop) {
                if (conn == null) {
                    conn = DriverManager.getConnection(url);
                    insert = conn.prepareStatement(INSERT);
                }
                seq++;
                String key = name + ":" + seq;
                insert.setString(1, name);
                insert.setInt(2, seq);
                say.accept("SEND key=" + key);
                inserts++;
                try {
                    insert.executeUpdate();
                    long position = conn.unwrap(ReplicatedConnection.class).lastWritePosition();
                    say.accept("ACK key=" + key + " position=" + position);
                } catch (SQLException e) {
                    String state = String.valueOf(e.getSQLState());
                    boolean unknown = "08007".equals(state);
                    say.accept((unknown ? "UNKNOWN" : "REFUSED") + " key=" + key + " state=" + state + " message="
                            + String.valueOf(e.getMessage()).replaceAll("\\s+", "_"));
                    if (!unknown && !"08004".equals(state)) {
                        close(conn);
                        conn = null;
                    }
                    if (!unknown) {
                        LockSupport.parkNanos(PAUSE_NANOS);
                    }
                }
            }
        } catch (SQLException e) {
            say.accept("WRITER_FAILED writer=" + name + " state=" + e.getSQLState() + " message="
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", "_"));
        } finally {
            close(conn);
        }
    }

    private static void close(Connection conn) {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException ignored) {
            // the replica is gone already
        }
    }
}
