package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.util.List;

/**
 * A possibly qualified object name read from tokens, as H2 resolves it: unquoted names upper-cased, quoted ones as
 * written; without a schema, the session's current one.
 *
 * @param schema the schema
 * @param name   the object's name
 * @param end    the index of the token after the name
 */
record Name(String schema, String name, int end) {

    /** The name starting at token {@code i}, or null if there is none. */
    static Name read(List<Token> tokens, int i, String currentSchema) {
        String first = part(tokens, i);
        if (first == null) {
            return null;
        }
        if (WriteRules.next(tokens, i, 1).isSymbol(".")) {
            String second = part(tokens, i + 2);
            if (second == null) {
                return null;
            }
            return new Name(first, second, i + 3);
        }
        return new Name(currentSchema, first, i + 1);
    }

    private static String part(List<Token> tokens, int i) {
        if (i >= tokens.size()) {
            return null;
        }
        Token t = tokens.get(i);
        if (t.type() == SqlLexer.Type.WORD) {
            return t.text();
        }
        if (t.type() == SqlLexer.Type.QUOTED) {
            String text = t.text();
            char quote = text.charAt(0);
            return text.substring(1, text.length() - 1).replace(String.valueOf(quote) + quote, String.valueOf(quote));
        }
        return null;
    }
}
