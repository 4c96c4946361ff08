package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifies SQL by its tokens: every statement H2 accepts gets a kind, whether or not anything else can parse it.
 * What is not known to be a read is treated as a write, so an unknown statement is replicated rather than applied on
 * one replica only. Results are cached by SQL string.
 *
 * <p>Thread safe.
 */
public final class Classifier {

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Classification> CACHE = new ConcurrentHashMap<>();

    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "VALUES", "TABLE", "WITH", "SHOW", "HELP");
    private static final Set<String> WRITE_STARTS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "CALL");
    private static final Set<String> DDL_STARTS = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT",
            "REVOKE", "ANALYZE", "REFRESH");
    private static final Set<String> TRANSACTION_STARTS = Set.of("COMMIT", "ROLLBACK", "BEGIN", "START", "SAVEPOINT",
            "RELEASE", "END");
    private static final Set<String> LOCAL_STARTS = Set.of("CHECKPOINT", "BACKUP", "SCRIPT");
    /** Data change statements that H2 accepts nested in a query, after an opening parenthesis. */
    private static final Set<String> NESTED_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    /** Table functions over a data change statement: {@code FINAL TABLE (INSERT ...)}. */
    private static final Set<String> DELTA_TABLES = Set.of("FINAL", "NEW", "OLD");

    private Classifier() {
    }

    public static Classification classify(String sql) {
        Classification c = CACHE.get(sql);
        if (c == null) {
            c = classifyUncached(sql);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(sql, c);
        }
        return c;
    }

    static Classification classifyUncached(String sql) {
        List<List<Token>> statements;
        try {
            statements = SqlLexer.statements(sql);
        } catch (IllegalArgumentException e) {
            return Classification.of(StatementKind.LOCAL); // H2 reports the syntax error, as it would without abcast
        }
        if (statements.isEmpty()) {
            return Classification.of(StatementKind.LOCAL);
        }
        StatementKind kind = null;
        List<Token> uuidCalls = new ArrayList<>();
        for (List<Token> statement : statements) {
            Classification c = kindOf(statement);
            if (c.kind() == StatementKind.REFUSED) {
                return c;
            }
            if (statements.size() > 1 && c.kind() != StatementKind.QUERY && c.kind() != StatementKind.WRITE
                    && c.kind() != StatementKind.LOCAL) {
                return Classification.refused(c.kind() == StatementKind.DDL
                        ? "H2 commits a DDL statement on its own, so it cannot be applied atomically with others; "
                                + "execute it alone"
                        : "execute transaction control and session settings alone, not with other statements in "
                                + "one string");
            }
            if (c.isWrite()) {
                WriteRules.Verdict verdict = WriteRules.check(statement);
                if (verdict.refusal() != null) {
                    return Classification.refused(verdict.refusal());
                }
                uuidCalls.addAll(verdict.uuidCalls());
            } else {
                String refusal = WriteRules.refusalForAny(statement);
                if (refusal != null) {
                    return Classification.refused(refusal);
                }
            }
            if (statements.size() == 1) {
                return c.isWrite() ? Classification.write(c.kind(), WriteRules.splice(sql, uuidCalls)) : c;
            }
            if (kind == null || c.kind() == StatementKind.WRITE) {
                kind = c.kind();
            }
        }
        return kind == StatementKind.WRITE ? Classification.write(kind, WriteRules.splice(sql, uuidCalls))
                : Classification.of(kind == StatementKind.LOCAL ? StatementKind.LOCAL : StatementKind.QUERY);
    }

    /** The kind of one statement, by its first words. */
    private static Classification kindOf(List<Token> tokens) {
        Token first = tokens.get(0);
        if (first.isSymbol("(")) {
            return query(tokens);
        }
        if (first.isSymbol("{")) {
            return Classification.of(StatementKind.WRITE); // a JDBC escape such as {call ...}
        }
        if (first.type() != SqlLexer.Type.WORD) {
            return Classification.of(StatementKind.WRITE);
        }
        String word = first.text();
        if (QUERY_STARTS.contains(word)) {
            return query(tokens);
        }
        if (word.equals("EXPLAIN")) {
            // EXPLAIN ANALYZE runs the statement; plain EXPLAIN only plans it.
            if (tokens.size() > 1 && tokens.get(1).is("ANALYZE")) {
                return kindOf(tokens.subList(2, tokens.size()));
            }
            return Classification.of(StatementKind.QUERY);
        }
        if (WRITE_STARTS.contains(word)) {
            return Classification.of(StatementKind.WRITE);
        }
        if (DDL_STARTS.contains(word)) {
            return Classification.of(StatementKind.DDL);
        }
        if (TRANSACTION_STARTS.contains(word) || word.equals("PREPARE")) {
            return Classification.of(StatementKind.TRANSACTION);
        }
        if (word.equals("SET")) {
            if (tokens.size() > 1 && tokens.get(1).is("AUTOCOMMIT")) {
                return Classification.of(StatementKind.TRANSACTION);
            }
            return SetStatements.classify(tokens);
        }
        if (word.equals("USE")) {
            return Classification.session(null);
        }
        if (LOCAL_STARTS.contains(word)) {
            return Classification.of(StatementKind.LOCAL);
        }
        if (word.equals("SHUTDOWN")) {
            return Classification.refused("SHUTDOWN would close one replica's database under its applier; "
                    + "stop the node instead (close the replica through the driver, or stop its process)");
        }
        if (word.equals("RUNSCRIPT")) {
            return Classification.refused("RUNSCRIPT reads a file that only this node has; read the script and "
                    + "execute its statements through the connection");
        }
        return Classification.of(StatementKind.WRITE);
    }

    /** A query is a write when it takes a sequence value, locks rows, or wraps a data change statement. */
    private static Classification query(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() != SqlLexer.Type.WORD) {
                continue;
            }
            Token next = WriteRules.next(tokens, i, 1);
            if (t.is("NEXT") && next.is("VALUE")) {
                return Classification.of(StatementKind.WRITE);
            }
            if (t.is("NEXTVAL") && next.isSymbol("(")) {
                return Classification.of(StatementKind.WRITE);
            }
            if (t.is("FOR") && next.is("UPDATE")) {
                return Classification.of(StatementKind.WRITE);
            }
            if (DELTA_TABLES.contains(t.text()) && next.is("TABLE")) {
                return Classification.of(StatementKind.WRITE);
            }
            if (NESTED_WRITES.contains(t.text()) && i > 0 && tokens.get(i - 1).isSymbol("(")) {
                return Classification.of(StatementKind.WRITE);
            }
        }
        return Classification.of(StatementKind.QUERY);
    }
}
