package io.abcast.replicator;

/**
 * The SQLStates abcast raises itself; errors of the SQL a replica applies keep H2's own state and code.
 */
public final class SqlStates {

    /** A setting in the URL or the connection properties is unknown or malformed. */
    public static final String INVALID_SETTING = "22023";
    /** The SQL or the call is valid for H2 but cannot be replicated (or not yet). */
    public static final String NOT_SUPPORTED = "0A000";
    /** A write on a connection set read-only. */
    public static final String READ_ONLY = "25006";
    /** The replica cannot reach a primary component; nothing was broadcast. */
    public static final String NO_PRIMARY = "08004";
    /** The replica or its connection is closed. */
    public static final String CONNECTION_CLOSED = "08003";
    /** The replica failed or left while the command was in flight. */
    public static final String CONNECTION_FAILURE = "08006";
    /** The command was broadcast but its outcome is not known: it may or may not have been applied. */
    public static final String OUTCOME_UNKNOWN = "08007";
    /** A transaction conflicts with one ordered before it; nothing of it was applied, and it may be retried. */
    public static final String CONFLICT = "40001";
    /** The cluster secret is missing, unreadable or too weak, or a network cluster would run without one. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** A command or value is larger than the configured limit. */
    public static final String TOO_LARGE = "54000";

    private SqlStates() {
    }
}
