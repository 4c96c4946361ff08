package io.abcast.jdbc.internal;

import io.abcast.replicator.Replica;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.SqlStates;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas this JVM runs, one per database: the first connection to a database starts its replica, later ones
 * share it. A replica runs until {@link #close} or the JVM's shutdown, like an H2 database opened with
 * {@code DB_CLOSE_DELAY=-1}: closing connections does not make a node leave its cluster.
 *
 * <p>Thread safe.
 */
public final class Replicas {

    private static final Map<String, Replica> OPEN = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Replicas::closeAll, "abcast-shutdown"));
    }

    private Replicas() {
    }

    /**
     * The replica of this database, started if need be.
     *
     * @throws SQLException if it cannot start, or runs already with other replication settings
     */
    public static synchronized Replica get(ConnectionSettings settings) throws SQLException {
        String key = settings.databaseKey();
        ReplicaConfig wanted = settings.replicaConfig();
        Replica replica = OPEN.get(key);
        if (replica != null && replica.status().failure() == null) {
            ReplicaConfig running = replica.config();
            if (!sameReplica(running, wanted)) {
                throw new SQLException("database " + key + " is replicated already with other settings (" + running
                        + "); connect with the same abcast settings, or close it first", SqlStates.INVALID_SETTING);
            }
            return replica;
        }
        if (replica != null) {
            replica.close();
        }
        replica = Replica.start(wanted);
        OPEN.put(key, replica);
        return replica;
    }

    private static boolean sameReplica(ReplicaConfig a, ReplicaConfig b) {
        return a.cluster().equals(b.cluster()) && a.node().equals(b.node()) && a.stack().equals(b.stack())
                && a.bind().equals(b.bind()) && a.members().equals(b.members()) && a.clusterSize() == b.clusterSize()
                && java.util.Objects.equals(a.secret(), b.secret()) && a.insecure() == b.insecure();
    }

    /** The running replica of this database, or null. */
    public static synchronized Replica find(ConnectionSettings settings) {
        return OPEN.get(settings.databaseKey());
    }

    /** Forgets the replica of this database without closing it (it crashed, in a test). */
    public static synchronized Replica forget(ConnectionSettings settings) {
        return OPEN.remove(settings.databaseKey());
    }

    /** The replicas running in this JVM. */
    public static synchronized List<Replica> all() {
        return new ArrayList<>(OPEN.values());
    }

    /** Stops the replica of this database, if it runs: it leaves its cluster and closes its database. */
    public static void close(ConnectionSettings settings) {
        Replica replica;
        synchronized (Replicas.class) {
            replica = OPEN.remove(settings.databaseKey());
        }
        if (replica != null) {
            replica.close();
        }
    }

    /** Stops every replica of this JVM. */
    public static void closeAll() {
        List<Replica> replicas;
        synchronized (Replicas.class) {
            replicas = new ArrayList<>(OPEN.values());
            OPEN.clear();
        }
        replicas.forEach(Replica::close);
    }
}
