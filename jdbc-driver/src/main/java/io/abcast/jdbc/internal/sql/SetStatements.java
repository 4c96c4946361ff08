package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.util.List;
import java.util.Set;

/**
 * Classifies H2's {@code SET} statements by what they change:
 * <ul>
 * <li>the session's behaviour for later statements (schema, search path, time zone, non-keywords, ...): run on this
 * session and carried with every later command of it, so replicas apply those commands the same way;</li>
 * <li>the whole database's behaviour (mode, collation, referential integrity, ...): replicated like DDL;</li>
 * <li>only this node's resources or this session's waits (cache size, lock timeout, ...): run locally;</li>
 * <li>anything that would let replicas diverge or that abcast cannot honour: refused.</li>
 * </ul>
 */
final class SetStatements {

    /** Carried with the session's commands; the schema and the time zone travel on their own. */
    private static final Set<String> CARRIED = Set.of("SCHEMA_SEARCH_PATH", "NON_KEYWORDS", "VARIABLE_BINARY",
            "TRUNCATE_LARGE_LENGTH");
    /** Database-wide: replicated. */
    private static final Set<String> DATABASE = Set.of("MODE", "IGNORECASE", "COLLATION", "BINARY_COLLATION",
            "UUID_COLLATION", "REFERENTIAL_INTEGRITY", "ALLOW_LITERALS", "DEFAULT_NULL_ORDERING", "DEFAULT_TABLE_TYPE",
            "IGNORE_CATALOGS", "JAVA_OBJECT_SERIALIZER", "CATALOG", "COMPRESS_LOB",
            "LOB_COMPRESSION_ALGORITHM");
    /** This node or this session only: run locally. */
    private static final Set<String> LOCAL = Set.of("LOCK_TIMEOUT", "QUERY_TIMEOUT", "THROTTLE",
            "LAZY_QUERY_EXECUTION", "OPTIMIZE_REUSE_RESULTS", "QUERY_STATISTICS", "QUERY_STATISTICS_MAX_ENTRIES",
            "TRACE_LEVEL", "TRACE_LEVEL_FILE", "TRACE_LEVEL_SYSTEM_OUT", "TRACE_MAX_FILE_SIZE", "CACHE_SIZE",
            "MAX_MEMORY_ROWS", "MAX_MEMORY_UNDO", "MAX_OPERATION_MEMORY", "WRITE_DELAY", "RETENTION_TIME",
            "MAX_LOG_SIZE", "DB_CLOSE_DELAY", "DEFAULT_LOCK_TIMEOUT", "MAX_LENGTH_INPLACE_LOB", "SESSION",
            "DATABASE_EVENT_LISTENER", "AUTHENTICATOR", "LOCK_MODE", "BUILTIN_ALIAS_OVERRIDE");
    /** Refused, with why. */
    private static final java.util.Map<String, String> REFUSED = java.util.Map.of(
            "EXCLUSIVE", "exclusive mode would shut the replica's own applier out",
            "CLUSTER", "H2's own cluster mode does not mix with abcast's replication",
            "AUTO_RECONNECT", "abcast connections are embedded",
            "PASSWORD", "the replicas apply writes as their own user; use ALTER USER <name> SET PASSWORD '...'",
            "SALT", "the replicas apply writes as their own user; use ALTER USER <name> SET SALT ... HASH ...");

    private SetStatements() {
    }

    /** Classifies {@code SET ...} (the tokens start with SET). */
    static Classification classify(List<Token> tokens) {
        if (tokens.size() < 2) {
            return Classification.of(StatementKind.LOCAL); // H2 reports the syntax error
        }
        Token what = tokens.get(1);
        if (what.isSymbol("@")) {
            return Classification.refused("user variables live in one session, but writes are applied on the "
                    + "replicas' own sessions; bind the value as a parameter instead");
        }
        String name = what.text();
        if (name.equals("SCHEMA")) {
            return Classification.session(null);
        }
        if (name.equals("TIME") && WriteRules.next(tokens, 1, 1).is("ZONE")) {
            return Classification.session("TIME ZONE");
        }
        if (CARRIED.contains(name)) {
            return Classification.session(name);
        }
        if (DATABASE.contains(name)) {
            return Classification.of(StatementKind.DDL);
        }
        if (LOCAL.contains(name)) {
            return Classification.of(StatementKind.LOCAL);
        }
        String why = REFUSED.get(name);
        return Classification.refused((why != null ? why : "SET " + name + " is not known to abcast, so it cannot "
                + "tell whether replicas must share it") + "; see docs/guarantees.md for the settings abcast handles");
    }
}
