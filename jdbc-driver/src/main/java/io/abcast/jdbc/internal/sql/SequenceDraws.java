package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites a statement of a transaction so that its tentative run draws no value from H2's sequences: every
 * {@code NEXT VALUE FOR s} and {@code NEXTVAL('s')} becomes {@code ABCAST.NEXT_VALUE('schema', 'S')}, and an
 * {@code INSERT} or {@code MERGE} that leaves out a column H2 would fill from a sequence (an identity column, or a
 * default calling {@code NEXT VALUE FOR}) gets that column, with {@code ABCAST.NEXT_ID(...)} (or the rewritten
 * default) for each row. The tentative run then draws from values its node reserved, and the replicas draw the same
 * values again when they apply the transaction. Only the calls are spliced in, at the places the lexer found; the
 * rest of the text is the application's.
 */
public final class SequenceDraws {

    /**
     * A column H2 fills from a sequence.
     *
     * @param name       its name
     * @param expression what to insert instead, drawing through abcast
     * @param always     whether it is {@code GENERATED ALWAYS} (an explicit value needs {@code OVERRIDING SYSTEM VALUE})
     */
    public record DrawColumn(String name, String expression, boolean always) {
    }

    /** The draw columns of a table. */
    public interface Catalog {
        List<DrawColumn> of(String schema, String table) throws SQLException;
    }

    private SequenceDraws() {
    }

    /** The expression that draws the next value of an identity column through abcast. */
    public static String nextId(String schema, String table, String column) {
        return "ABCAST.NEXT_ID(" + literal(schema) + ", " + literal(table) + ", " + literal(column) + ")";
    }

    /** Whether an expression draws from a sequence. */
    public static boolean drawsFromSequence(String expression) {
        return !sequenceCalls(SqlLexer.statements(expression).stream().flatMap(List::stream).toList()).isEmpty();
    }

    /** The expression with each sequence draw made through abcast. */
    public static String rewriteDraws(String expression, String schema) throws SQLException {
        List<Token> tokens = SqlLexer.statements(expression).stream().flatMap(List::stream).toList();
        return Splice.apply(expression, sequenceSplices(tokens, schema));
    }

    /**
     * Rewrites one statement of a transaction.
     *
     * @param schema the session's current schema, for unqualified names
     * @throws SQLException (0A000) for an insert whose draws cannot be made through abcast, saying what to write
     */
    public static String rewrite(String sql, String schema, Catalog catalog) throws SQLException {
        List<List<Token>> statements = SqlLexer.statements(sql);
        if (statements.size() != 1) {
            for (List<Token> statement : statements) {
                if (!sequenceCalls(statement).isEmpty() || isInsert(statement)) {
                    throw refused("execute the statements of a transaction that insert rows or take sequence values "
                            + "one at a time");
                }
            }
            return sql;
        }
        List<Token> tokens = statements.get(0);
        List<Splice> splices = new ArrayList<>(sequenceSplices(tokens, schema));
        if (isInsert(tokens)) {
            splices.addAll(InsertColumns.splices(sql, tokens, schema, catalog));
        }
        return Splice.apply(sql, splices);
    }

    private static boolean isInsert(List<Token> tokens) {
        return tokens.get(0).is("INSERT") || tokens.get(0).is("MERGE") || tokens.get(0).is("REPLACE");
    }

    /** The index of each draw's first token: NEXT (of NEXT VALUE FOR) or NEXTVAL (of NEXTVAL('...')). */
    private static List<Integer> sequenceCalls(List<Token> tokens) {
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("NEXT") && WriteRules.next(tokens, i, 1).is("VALUE") && WriteRules.next(tokens, i, 2).is("FOR")) {
                calls.add(i);
            } else if (t.is("NEXTVAL") && WriteRules.next(tokens, i, 1).isSymbol("(")) {
                calls.add(i);
            }
        }
        return calls;
    }

    private static List<Splice> sequenceSplices(List<Token> tokens, String schema) throws SQLException {
        List<Splice> splices = new ArrayList<>();
        for (int i : sequenceCalls(tokens)) {
            if (tokens.get(i).is("NEXT")) {
                int nameStart = i + 3;
                Name name = Name.read(tokens, nameStart, schema);
                if (name == null) {
                    throw refused("NEXT VALUE FOR needs a sequence name");
                }
                splices.add(new Splice(tokens.get(i).start(), tokens.get(name.end() - 1).end(),
                        "ABCAST.NEXT_VALUE(" + literal(name.schema()) + ", " + literal(name.name()) + ")"));
            } else {
                Token arg = WriteRules.next(tokens, i, 2);
                Token close = WriteRules.next(tokens, i, 3);
                if (arg.type() != SqlLexer.Type.STRING || !close.isSymbol(")")) {
                    throw refused("NEXTVAL takes the sequence's name as a string literal here; write NEXT VALUE FOR");
                }
                String text = arg.text().substring(1, arg.text().length() - 1).replace("''", "'");
                int dot = text.lastIndexOf('.');
                String s = dot < 0 ? schema : text.substring(0, dot).toUpperCase(Locale.ROOT);
                String n = (dot < 0 ? text : text.substring(dot + 1)).toUpperCase(Locale.ROOT);
                splices.add(new Splice(tokens.get(i).start(), close.end(),
                        "ABCAST.NEXT_VALUE(" + literal(s) + ", " + literal(n) + ")"));
            }
        }
        return splices;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static SQLException refused(String message) {
        return new SQLFeatureNotSupportedException(message, "0A000");
    }
}
