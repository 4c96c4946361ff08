package io.abcast.replicator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * How to start a replica.
 *
 * @param cluster     the cluster name; replicas with the same name (and stack) form one cluster
 * @param node        this replica's node name, unique in the cluster and stable across restarts
 * @param stack       a shipped stack name ({@code tcp}, {@code in-jvm}) or the path of a JGroups XML file
 * @param bind        {@code host:port} this node listens on (tcp); the port is the first of a range of
 *                    {@link #PORT_RANGE}, the first free one is taken
 * @param members     {@code host:port} addresses to contact (tcp); each port is the first of a range of
 *                    {@link #PORT_RANGE}
 * @param clusterSize the configured number of members; a view with a majority of it is the primary component
 * @param h2Url       the H2 JDBC URL of this replica's database
 * @param h2Info      the connection properties for H2 (user, password, H2 settings)
 * @param timeout     how long a caller waits for the outcome of a write or for this replica to catch up
 * @param retainedLogBytes how many bytes of applied commands the replica keeps for peers to catch up from
 * @param secret      the cluster secret that encrypts and authenticates its traffic, or null for none
 * @param insecure    whether a cluster that is not loopback-only may run without a secret
 */
public record ReplicaConfig(String cluster, String node, String stack, String bind, List<String> members,
                            int clusterSize, String h2Url, Properties h2Info, Duration timeout,
                            long retainedLogBytes, ClusterSecret secret, boolean insecure) {

    /** The retained log's default size: 64 MiB of applied commands. */
    public static final long DEFAULT_RETAINED_LOG_BYTES = 64L << 20;

    /** How many ports, from the given one, a node tries to bind and a member list probes. */
    public static final int PORT_RANGE = 10;

    public ReplicaConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(bind, "bind");
        members = List.copyOf(members);
        Objects.requireNonNull(h2Url, "h2Url");
        h2Info = copy(h2Info);
        Objects.requireNonNull(timeout, "timeout");
        if (clusterSize < 1) {
            throw new IllegalArgumentException("cluster size must be at least 1: " + clusterSize);
        }
        if (retainedLogBytes < 0) {
            throw new IllegalArgumentException("the retained log size cannot be negative: " + retainedLogBytes);
        }
    }

    /** A configuration without a cluster secret. */
    public ReplicaConfig(String cluster, String node, String stack, String bind, List<String> members, int clusterSize,
                         String h2Url, Properties h2Info, Duration timeout, long retainedLogBytes) {
        this(cluster, node, stack, bind, members, clusterSize, h2Url, h2Info, timeout, retainedLogBytes, null, false);
    }

    /** A configuration with the default retained log size, without a cluster secret. */
    public ReplicaConfig(String cluster, String node, String stack, String bind, List<String> members, int clusterSize,
                         String h2Url, Properties h2Info, Duration timeout) {
        this(cluster, node, stack, bind, members, clusterSize, h2Url, h2Info, timeout, DEFAULT_RETAINED_LOG_BYTES);
    }

    /** This configuration with the given cluster secret (null for none) and permission to run insecurely. */
    public ReplicaConfig withSecurity(ClusterSecret secret, boolean insecure) {
        return new ReplicaConfig(cluster, node, stack, bind, members, clusterSize, h2Url, h2Info, timeout,
                retainedLogBytes, secret, insecure);
    }

    /** The number of members a primary component needs: a majority of the configured size. */
    public int quorum() {
        return clusterSize / 2 + 1;
    }

    @Override
    public Properties h2Info() {
        return copy(h2Info);
    }

    private static Properties copy(Properties p) {
        Properties copy = new Properties();
        if (p != null) {
            copy.putAll(p);
        }
        return copy;
    }

    @Override
    public String toString() {
        // Never print the H2 properties (they hold the password) nor the secret.
        return "ReplicaConfig[cluster=" + cluster + ", node=" + node + ", stack=" + stack + ", bind=" + bind
                + ", members=" + members + ", size=" + clusterSize + ", h2Url=" + h2Url
                + ", secret=" + (secret == null ? "none" : secret.source()) + (insecure ? ", insecure" : "") + "]";
    }
}
