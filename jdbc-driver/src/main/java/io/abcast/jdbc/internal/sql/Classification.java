package io.abcast.jdbc.internal.sql;

/**
 * The kind of a SQL string (of all its statements, when it holds several).
 *
 * @param kind   what it is
 * @param reason for {@link StatementKind#REFUSED}, why and what to write instead; else null
 */
public record Classification(StatementKind kind, String reason) {

    static Classification of(StatementKind kind) {
        return new Classification(kind, null);
    }

    static Classification refused(String reason) {
        return new Classification(StatementKind.REFUSED, reason);
    }

    /** Whether it goes through replication. */
    public boolean isWrite() {
        return kind == StatementKind.WRITE || kind == StatementKind.DDL;
    }
}
