package io.abcast.examples.cluster;

import io.abcast.jdbc.ReplicatedConnection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one client did: its operations and their latencies, the commands it put in the total order, and the
 * scenario's own counters (e.g. committed, retried).
 *
 * <p>A command is counted when the client's connection's {@link ReplicatedConnection#lastWritePosition()} moves:
 * each write that reached the total order (one autocommit statement or batch, one committed or certified-and-aborted
 * transaction) takes the next position of its session, so the count is exact without knowing the driver's rules.
 *
 * <p>Not thread safe: one client's thread writes it; the node's progress counter it bumps is shared.
 */
public final class Tally {

    private final ReplicatedConnection connection;
    private final AtomicLong progress;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long[] latencies = new long[64];
    private int operations;
    private long commands;
    private long lastPosition;

    Tally(ReplicatedConnection connection, AtomicLong progress) {
        this.connection = connection;
        this.progress = progress;
        this.lastPosition = connection.lastWritePosition();
    }

    /** One operation is done; it took {@code nanos}. */
    public void operation(long nanos) {
        if (operations == latencies.length) {
            latencies = Arrays.copyOf(latencies, operations * 2);
        }
        latencies[operations++] = nanos;
        progress.incrementAndGet();
    }

    /** Call after each write, committed or not: counts a command if the write reached the total order. */
    public void wrote() {
        long position = connection.lastWritePosition();
        if (position != lastPosition) {
            lastPosition = position;
            commands++;
        }
    }

    /**
     * Throws if the client should stop: its deadline passed, or its node stopped the clients (another one failed).
     *
     * @param done what the client did so far, for the message
     */
    public static void checkTime(long deadlineNanos, String done) throws TimeoutException {
        if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadlineNanos) {
            throw new TimeoutException("stopped (out of time, or another client failed) after " + done);
        }
    }

    /** Adds {@code n} to a counter of the scenario's (created at 0 on first use, kept in that order). */
    public void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    int operations() {
        return operations;
    }

    long commands() {
        return commands;
    }

    long[] latencies() {
        return Arrays.copyOf(latencies, operations);
    }

    Map<String, Long> counters() {
        return counters;
    }
}
