package io.abcast.jdbc.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL into tokens the way H2 reads it, enough to classify any statement: words (upper-cased), quoted
 * identifiers, string literals, numbers, parameters and symbols. Comments ({@code --}, {@code //}, block comments)
 * and whitespace are skipped, so that a keyword inside a string, a quoted name or a comment is never taken for one.
 */
public final class SqlLexer {

    /** A token's kind. */
    public enum Type { WORD, QUOTED, STRING, NUMBER, PARAM, SYMBOL }

    /**
     * One token.
     *
     * @param type  its kind
     * @param text  the word upper-cased; otherwise the text as written
     * @param start its offset in the SQL
     * @param end   the offset after it
     */
    public record Token(Type type, String text, int start, int end) {
        public boolean is(String word) {
            return type == Type.WORD && text.equals(word);
        }

        public boolean isSymbol(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }
    }

    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /**
     * The tokens of the SQL, split into statements at top-level semicolons; empty statements are dropped.
     *
     * @throws IllegalArgumentException for an unterminated string, quoted identifier or comment
     */
    public static List<List<Token>> statements(String sql) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : new SqlLexer(sql).tokens()) {
            if (t.isSymbol(";")) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (startsWith("--") || startsWith("//")) {
                int eol = sql.indexOf('\n', pos);
                pos = eol < 0 ? sql.length() : eol + 1;
            } else if (startsWith("/*")) {
                int close = sql.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated comment at offset " + pos);
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        char c = sql.charAt(pos);
        if (c == '\'') {
            return quoted(Type.STRING, '\'', start);
        }
        if (c == '"') {
            return quoted(Type.QUOTED, '"', start);
        }
        if (c == '`') {
            return quoted(Type.QUOTED, '`', start);
        }
        if (c == '$' && startsWith("$$")) {
            int close = sql.indexOf("$$", pos + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated $$ string at offset " + start);
            }
            pos = close + 2;
            return new Token(Type.STRING, sql.substring(start, pos), start, pos);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                    || sql.charAt(pos) == '$')) {
                pos++;
            }
            return new Token(Type.WORD, sql.substring(start, pos).toUpperCase(Locale.ROOT), start, pos);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length() && Character.isDigit(sql.charAt(pos + 1)))) {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return new Token(Type.NUMBER, sql.substring(start, pos), start, pos);
        }
        if (c == '?') {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            return new Token(Type.PARAM, sql.substring(start, pos), start, pos);
        }
        pos++;
        return new Token(Type.SYMBOL, String.valueOf(c), start, pos);
    }

    private Token quoted(Type type, char quote, int start) {
        pos++;
        while (true) {
            int close = sql.indexOf(quote, pos);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated " + (type == Type.STRING ? "string" : "quoted name")
                        + " at offset " + start);
            }
            pos = close + 1;
            if (pos < sql.length() && sql.charAt(pos) == quote) {
                pos++; // a doubled quote stands for itself
            } else {
                return new Token(type, sql.substring(start, pos), start, pos);
            }
        }
    }

    private boolean startsWith(String s) {
        return sql.startsWith(s, pos);
    }
}
