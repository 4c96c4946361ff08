package io.abcast.replicator.internal;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells an error that the command itself causes (the same on every replica: bad SQL, a constraint, a conversion)
 * from one that the replica's environment causes (a lock held locally, a full disk, a closed database). The first is
 * the command's outcome; the second must stop the replica, since its peers did not see it.
 */
final class Errors {

    /** H2 error codes that depend on the replica, not on the command. */
    private static final Set<Integer> ENVIRONMENTAL = Set.of(
            50200, // lock timeout
            40001, // deadlock
            90131, // concurrent update (MVCC conflict)
            90108, // out of memory
            90028, 90031, // IO
            90030, // file corrupted
            90100, // no disk space
            90067, // connection broken
            90098, // database closed
            90121, // database called at shutdown
            90007, // object already closed
            57014, // statement cancelled
            50000); // general error: an H2 internal failure

    private Errors() {
    }

    /** H2 codes of a lock that another session holds: a lock timeout, a deadlock, a concurrent update. */
    private static final Set<Integer> LOCK_CONFLICTS = Set.of(50200, 40001, 90131);

    /** Whether the error is a lock another session holds. */
    static boolean isLockConflict(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (LOCK_CONFLICTS.contains(x.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    static boolean isEnvironmental(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (ENVIRONMENTAL.contains(x.getErrorCode())) {
                return true;
            }
            Throwable cause = x.getCause();
            if (cause != null && !(cause instanceof SQLException)) {
                if (cause instanceof Error || cause instanceof java.io.IOException) {
                    return true;
                }
            }
        }
        return false;
    }
}
