package io.abcast.examples.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's share of the chat workload: it registers the node's users and their channel memberships, then every
 * user, on its own thread and its own connection to the node's replica, posts its messages one after the other.
 * Each post is one autocommit INSERT, so one replicated command; its {@code SENT_AT} is bound here, never taken
 * from the database's clock.
 *
 * <p>The channel tables must exist before {@link #run} (see {@link ChatSchema}). One instance runs once;
 * {@link #posted} may be read from any thread while it runs.
 */
public final class ChatWorkload {

    /** Opens a connection to the node's replica. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    static final String INSERT_MESSAGE =
            "INSERT INTO MESSAGE(CHANNEL_ID, AUTHOR, AUTHOR_SEQ, BODY, SENT_AT) VALUES (?, ?, ?, ?, ?)";

    private final ChatPlan plan;
    private final int node;
    private final ConnectionSource source;
    private final AtomicLong posted = new AtomicLong();

    public ChatWorkload(ChatPlan plan, int node, ConnectionSource source) {
        this.plan = plan;
        this.node = node;
        this.source = source;
    }

    /** Messages posted so far. */
    public long posted() {
        return posted.get();
    }

    /**
     * Registers the users, then runs them all at once until each posted its messages.
     *
     * @throws SQLException the first error a user met (the other users stop soon after)
     * @throws TimeoutException if the users did not finish in time
     */
    public NodeStats run(Duration timeout) throws SQLException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int writes = registerUsers();
        List<Integer> users = plan.usersOf(node);
        long[][] latencies = new long[users.size()][];
        AtomicInteger nextThread = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(users.size(), r -> {
            Thread t = new Thread(r, "chat-" + ChatPlan.nodeName(node) + "-user-" + nextThread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int user : users) {
                futures.add(pool.submit(() -> post(user, deadline)));
            }
            for (int i = 0; i < futures.size(); i++) {
                latencies[i] = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw asSqlException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        long[] all = new long[(int) posted.get()];
        int k = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, k, l.length);
            k += l.length;
        }
        return NodeStats.of(ChatPlan.nodeName(node), writes + all.length, elapsed, all);
    }

    /** Registers the node's users and their channel memberships: two commands, a batch each. */
    private int registerUsers() throws SQLException {
        try (Connection conn = source.open()) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO APP_USER(NAME, HOME_NODE, JOINED_AT) VALUES (?, ?, ?)")) {
                for (int user : plan.usersOf(node)) {
                    ps.setString(1, ChatPlan.userName(user));
                    ps.setString(2, ChatPlan.nodeName(node));
                    ps.setObject(3, LocalDateTime.now());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO CHANNEL_MEMBER(CHANNEL_ID, USER_NAME) VALUES (?, ?)")) {
                for (int user : plan.usersOf(node)) {
                    for (int channel : plan.channelsOf(user)) {
                        ps.setInt(1, channel);
                        ps.setString(2, ChatPlan.userName(user));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        return 2;
    }

    /** One user's messages, in sequence order; returns the latency of each post. */
    private long[] post(int user, long deadline) throws SQLException, TimeoutException {
        long[] latencies = new long[plan.messagesPerUser()];
        String author = ChatPlan.userName(user);
        try (Connection conn = source.open(); PreparedStatement ps = conn.prepareStatement(INSERT_MESSAGE)) {
            for (int seq = 1; seq <= plan.messagesPerUser(); seq++) {
                if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
                    throw new TimeoutException(author + " stopped after " + (seq - 1) + " messages");
                }
                ps.setInt(1, plan.channelOf(user, seq));
                ps.setString(2, author);
                ps.setInt(3, seq);
                ps.setString(4, plan.body(user, seq));
                ps.setObject(5, LocalDateTime.now());
                long t0 = System.nanoTime();
                int count = ps.executeUpdate();
                latencies[seq - 1] = System.nanoTime() - t0;
                if (count != 1) {
                    throw new SQLException(author + ": posting message " + seq + " inserted " + count + " rows");
                }
                posted.incrementAndGet();
            }
        }
        return latencies;
    }

    private static SQLException asSqlException(Throwable cause) {
        if (cause instanceof SQLException e) {
            return e;
        }
        return new SQLException("a user failed: " + cause, cause);
    }
}
