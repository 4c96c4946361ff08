package io.abcast.bench;

import io.abcast.jdbc.ReplicatedConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Three replicas whose sequencer, n1, the failover scenario crashes while clients write through the other two: in
 * this JVM ({@link InJvmFailoverCluster}) or in three processes ({@link ProcessFailoverCluster}).
 */
interface FailoverCluster extends AutoCloseable {

    /** Starts n1 first (the first member is the coordinator, hence the sequencer), then n2 and n3. */
    void start() throws Exception;

    /** Runs a statement through a survivor and waits until the survivors in this JVM have it. */
    void setUp(String sql) throws Exception;

    /** New connections through the survivors, for the writers. */
    List<Connection> writerConnections(int count) throws SQLException;

    /** The survivor in this JVM whose view is watched. */
    ReplicatedConnection monitor() throws SQLException;

    /**
     * Crashes the sequencer.
     *
     * @return {@link System#nanoTime()} at the crash
     */
    long crash() throws Exception;

    /** Compares the survivors (position, hash, digest) and checks the data on each. */
    List<Target.CheckLine> check(Target.DataCheck data) throws Exception;

    /** The replicas' status, for diagnostics. */
    String status();

    /** Child replica processes, for diagnostics. */
    long[] childPids();

    @Override
    void close();
}
