package io.abcast.jdbc.internal.sql;

/**
 * What a SQL string is, for replication, and what to do with it.
 *
 * @param kind          what it is
 * @param reason        for {@link StatementKind#REFUSED}, why and what to write instead; else null
 * @param replicatedSql for a write or DDL, the SQL every replica applies: the application's, with calls whose values
 *                      H2 would draw from no session spliced out; else null
 * @param setting       for a {@link StatementKind#SESSION} setting that travels with the session's commands, its
 *                      name (e.g. {@code NON_KEYWORDS}); null for one that only concerns this node's session
 */
public record Classification(StatementKind kind, String reason, String replicatedSql, String setting) {

    static Classification of(StatementKind kind) {
        return new Classification(kind, null, null, null);
    }

    public static Classification write(StatementKind kind, String sql) {
        return new Classification(kind, null, sql, null);
    }

    static Classification refused(String reason) {
        return new Classification(StatementKind.REFUSED, reason, null, null);
    }

    static Classification session(String setting) {
        return new Classification(StatementKind.SESSION, null, null, setting);
    }

    /** Whether it goes through replication. */
    public boolean isWrite() {
        return kind == StatementKind.WRITE || kind == StatementKind.DDL;
    }
}
