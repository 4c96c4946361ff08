package io.abcast.jdbc.internal.sql;

/** What a statement is, for replication. */
public enum StatementKind {
    /** Reads only: served by the local replica. */
    QUERY,
    /** Changes data: broadcast and applied by every replica. */
    WRITE,
    /** Changes the schema; H2 commits it on its own, so it is broadcast alone. */
    DDL,
    /** Transaction control (COMMIT, ROLLBACK, BEGIN, SAVEPOINT, SET AUTOCOMMIT). */
    TRANSACTION,
    /** A session setting (SET ..., USE). */
    SESSION,
    /** Runs on the local database without changing data (CHECKPOINT, BACKUP, SCRIPT), or is empty. */
    LOCAL,
    /** Cannot be replicated; the classification says why. */
    REFUSED
}
