package io.abcast.jdbc;

import java.util.List;

/**
 * Every replication setting, given in the URL ({@code jdbc:abcast:h2:./db;abcast.cluster=chat}) or as a connection
 * property. They are removed before H2 sees the URL; H2's own settings pass through unchanged. The configuration
 * reference in {@code docs/configuration.md} is checked against this enum by a test.
 */
public enum AbcastProperty {

    CLUSTER("abcast.cluster", null, List.of(),
            "Cluster name. Replicas with the same name find each other and replicate. Required."),
    NODE("abcast.node", null, List.of(),
            "This replica's node name: unique in the cluster and the same across restarts. "
                    + "Default: the host name and the database name."),
    MEMBERS("abcast.members", "127.0.0.1:7800", List.of(),
            "Comma-separated host:port addresses to contact (stack tcp); each port starts a range of 10 tried."),
    BIND("abcast.bind", "127.0.0.1:7800", List.of(),
            "host:port this node listens on (stack tcp); the first free port of the 10 from this one is taken."),
    SIZE("abcast.size", "1", List.of(),
            "Configured number of replicas. Writes are accepted only in a view holding a majority of it."),
    SECRET_FILE("abcast.secret_file", null, List.of(),
            "File holding the cluster secret (at least 16 characters, the same on every member) that encrypts and "
                    + "authenticates cluster traffic. Default: the environment variable ABCAST_SECRET; without "
                    + "either, only a loopback-only cluster starts."),
    INSECURE("abcast.insecure", "false", List.of("true", "false"),
            "true lets a cluster that is not loopback-only run without a secret: unencrypted, and open to any "
                    + "process that reaches its port. For a network you trust entirely."),
    CONSISTENCY("abcast.consistency", "session", List.of("session", "local", "linearizable"),
            "Reads: session sees every write this node acknowledged (read-your-writes); local reads the replica as "
                    + "it is; linearizable sees every write acknowledged anywhere before the read began."),
    STACK("abcast.stack", "tcp", List.of(),
            "JGroups stack: tcp (static member list), in-jvm (replicas in one JVM), or a JGroups XML file."),
    TIMEOUT("abcast.timeout", "30000", List.of(),
            "Milliseconds a write waits for its outcome before failing with SQLState 08007 (outcome unknown)."),
    RETAINED_LOG_BYTES("abcast.retained_log_bytes", "67108864", List.of(),
            "Bytes of applied commands a replica keeps for peers to catch up from; one further behind gets a snapshot."),
    MAX_TRANSACTION_BYTES("abcast.max_transaction_bytes", "16777216", List.of(),
            "Largest transaction, encoded, that is broadcast; a larger one is rolled back at commit (SQLState 54000).");

    /** The prefix of every abcast setting. */
    public static final String PREFIX = "abcast.";

    private final String key;
    private final String defaultValue;
    private final List<String> choices;
    private final String description;

    AbcastProperty(String key, String defaultValue, List<String> choices, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.description = description;
    }

    /** The setting's name, as written in a URL or a property key. */
    public String key() {
        return key;
    }

    /** The default, or null where there is none (required, or derived). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The allowed values, or empty where any well-formed value goes. */
    public List<String> choices() {
        return choices;
    }

    public String description() {
        return description;
    }

    /** The setting with this key, or null. */
    public static AbcastProperty forKey(String key) {
        for (AbcastProperty p : values()) {
            if (p.key.equalsIgnoreCase(key)) {
                return p;
            }
        }
        return null;
    }

    /** Every key, for error messages. */
    public static String keys() {
        StringBuilder sb = new StringBuilder();
        for (AbcastProperty p : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.key);
        }
        return sb.toString();
    }
}
