package io.abcast.jdbc;

import io.abcast.replicator.Backup;
import io.abcast.replicator.ReplicaMetrics;
import io.abcast.replicator.ReplicaState;
import io.abcast.replicator.ReplicaStatus;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What an abcast connection offers beyond JDBC; reach it with
 * {@code connection.unwrap(ReplicatedConnection.class)}.
 */
public interface ReplicatedConnection extends Connection {

    /** The replica's view of the cluster, position and running hash. */
    ReplicaStatus replicaStatus();

    /** The replica's figures: position, lag, rates, latencies, aborts (the same as in JMX). */
    ReplicaMetrics replicaMetrics();

    /**
     * Writes a consistent backup of this node's replica to a file (a compressed SQL script), at a known position,
     * while writes go on; restore it into a new database with {@link Backup#restore}.
     */
    Backup backup(java.nio.file.Path file) throws SQLException;

    /** The replica's position, running hash and data digest, read from one snapshot. */
    ReplicaState replicaState() throws SQLException;

    /**
     * Waits until the replica's view holds at least {@code count} members, e.g. every configured one before a
     * workload starts.
     *
     * @return whether it did before the time ran out
     */
    boolean awaitMembers(int count, Duration timeout) throws InterruptedException;

    /**
     * Waits until this node's replica has applied the given position, e.g. the {@link #lastWritePosition()} of a
     * write made through another node.
     *
     * @throws SQLException if the time runs out or the replica stops first
     */
    void awaitPosition(long position, Duration timeout) throws SQLException;

    /** The position of this connection's last write (0 before the first). */
    long lastWritePosition();
}
