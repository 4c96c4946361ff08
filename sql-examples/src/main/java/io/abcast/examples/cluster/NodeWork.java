package io.abcast.examples.cluster;

import io.abcast.jdbc.ReplicatedConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node's share of a scenario: its clients, each on its own thread and its own connection to the node's
 * replica, all at once; and, while they run, an auditor that reads the scenario's invariant in a snapshot of the
 * replica every {@value #AUDIT_MILLIS} ms (and once more when they are done), on a read-only connection of its own.
 *
 * <p>The scenario's tables must exist on the node's replica before {@link #run}. One instance runs once;
 * {@link #done} may be read from any thread while it runs.
 */
public final class NodeWork {

    /** Opens a connection to the node's replica. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    static final int AUDIT_MILLIS = 20;

    private final Scenario scenario;
    private final int node;
    private final ConnectionSource source;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong audits = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicReference<Exception> auditFailure = new AtomicReference<>();

    public NodeWork(Scenario scenario, int node, ConnectionSource source) {
        this.scenario = scenario;
        this.node = node;
        this.source = source;
    }

    /** Operations done so far by the node's clients. */
    public long done() {
        return done.get();
    }

    /**
     * Runs the clients until each is done, auditing the replica meanwhile.
     *
     * @throws SQLException the first error a client met (the others stop soon after), or the auditor's
     * @throws TimeoutException if the clients did not finish in time
     */
    public NodeResult run(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String name = "n" + node;
        ExecutorService pool = Executors.newFixedThreadPool(scenario.clientsPerNode(), daemon(name + "-client"));
        ScheduledExecutorService auditor = Executors.newSingleThreadScheduledExecutor(daemon(name + "-audit"));
        try (Connection auditConnection = source.open()) {
            auditConnection.setReadOnly(true);
            auditor.scheduleWithFixedDelay(() -> audit(auditConnection), 0, AUDIT_MILLIS, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            List<Future<Tally>> clients = new ArrayList<>();
            for (int c = 1; c <= scenario.clientsPerNode(); c++) {
                int client = c;
                clients.add(pool.submit(() -> client(client, deadline)));
            }
            List<Tally> tallies = new ArrayList<>();
            for (Future<Tally> f : clients) {
                tallies.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            long elapsed = System.nanoTime() - start;
            auditor.shutdown();
            if (!auditor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new TimeoutException(name + ": the auditor did not stop");
            }
            audit(auditConnection); // once more, on the state the clients left
            if (auditFailure.get() != null) {
                throw auditFailure.get();
            }
            return NodeResult.of(name, tallies, audits.get(), violations.get(), elapsed);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
            auditor.shutdownNow();
        }
    }

    private Tally client(int client, long deadline) throws Exception {
        try (Connection conn = source.open()) {
            Tally tally = new Tally(conn.unwrap(ReplicatedConnection.class), done);
            scenario.client(node, client, conn, tally, deadline);
            return tally;
        }
    }

    /** One snapshot: the invariant, read in one statement (see {@link Scenario#audit}). */
    private void audit(Connection conn) {
        if (auditFailure.get() != null) {
            return;
        }
        try {
            String problem = scenario.audit(conn);
            audits.incrementAndGet();
            if (problem != null) {
                violations.incrementAndGet();
                System.err.println("n" + node + ": the invariant is broken in a snapshot: " + problem);
            }
        } catch (SQLException | RuntimeException e) {
            auditFailure.compareAndSet(null, e);
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicLong count = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
