package io.abcast.jdbc.internal.sql;

import io.abcast.jdbc.internal.sql.SequenceDraws.DrawColumn;
import io.abcast.jdbc.internal.sql.SqlLexer.Token;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The splices that give an {@code INSERT} or {@code MERGE} of a transaction every column H2 would otherwise fill from
 * a sequence: the column name in the column list, and the draw through abcast in each row of {@code VALUES}. Forms
 * whose rows cannot be reached this way ({@code INSERT ... SELECT}, no column list, {@code DEFAULT} for such a
 * column) are refused, with what to write instead.
 */
final class InsertColumns {

    private InsertColumns() {
    }

    static List<Splice> splices(String sql, List<Token> tokens, String schema, SequenceDraws.Catalog catalog)
            throws SQLException {
        int into = indexOf(tokens, "INTO", 0);
        if (into < 0) {
            return List.of();
        }
        Name table = Name.read(tokens, into + 1, schema);
        if (table == null) {
            return List.of();
        }
        List<DrawColumn> draws = catalog.of(table.schema(), table.name());
        if (draws.isEmpty()) {
            return List.of();
        }
        boolean merge = tokens.get(0).is("MERGE");
        int listStart = table.end();
        if (merge && indexOf(tokens, "USING", listStart) >= 0) {
            int insert = indexOf(tokens, "INSERT", listStart);
            return insert < 0 ? List.of() : rowsAfterColumnList(tokens, insert + 1, draws, table, false);
        }
        return rowsAfterColumnList(tokens, listStart, draws, table, true);
    }

    /** The splices for a column list starting at token {@code i} and the VALUES rows after it. */
    private static List<Splice> rowsAfterColumnList(List<Token> tokens, int i, List<DrawColumn> draws, Name table,
                                                    boolean topLevel) throws SQLException {
        if (!WriteRules.next(tokens, i, 0).isSymbol("(")) {
            throw SequenceDraws.refused("in a transaction, an insert into " + table.name() + " (which has " + names(draws)
                    + " filled from a sequence) must list its columns: INSERT INTO " + table.name() + "(a, b, ...) "
                    + "VALUES (...)");
        }
        int close = closing(tokens, i);
        List<String> listed = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int j = i + 1; j < close; j++) {
            Token t = tokens.get(j);
            if (t.isSymbol(",")) {
                continue;
            }
            Name column = Name.read(tokens, j, "");
            listed.add(column == null ? "" : column.name());
            starts.add(j);
        }
        List<DrawColumn> missing = new ArrayList<>();
        for (DrawColumn d : draws) {
            if (!listed.contains(d.name())) {
                missing.add(d);
            }
        }
        int values = close + 1;
        if (topLevel && WriteRules.next(tokens, values, 0).is("KEY")) {
            values = closing(tokens, values + 1) + 1;
        }
        List<Splice> splices = new ArrayList<>();
        boolean overriding = false;
        if (WriteRules.next(tokens, values, 0).is("OVERRIDING")) {
            overriding = true;
            values += 3;
        }
        if (!WriteRules.next(tokens, values, 0).is("VALUES")) {
            if (missing.isEmpty()) {
                return List.of();
            }
            throw SequenceDraws.refused("in a transaction, an INSERT ... SELECT into " + table.name() + " would draw "
                    + names(missing) + " from a sequence outside the order; insert with VALUES, list those columns "
                    + "with values, or run it in autocommit mode");
        }
        checkNoDefault(tokens, values + 1, listed, draws, table);
        if (missing.isEmpty()) {
            return List.of();
        }
        StringBuilder names = new StringBuilder();
        StringBuilder exprs = new StringBuilder();
        for (DrawColumn d : missing) {
            names.append(", \"").append(d.name().replace("\"", "\"\"")).append('"');
            exprs.append(", ").append(d.expression());
            overriding |= d.always();
        }
        Token closeToken = tokens.get(close);
        splices.add(new Splice(closeToken.start(), closeToken.start(), names.toString()));
        if (overriding && !WriteRules.next(tokens, close + 1, 0).is("OVERRIDING")) {
            Token valuesToken = tokens.get(values);
            splices.add(new Splice(valuesToken.start(), valuesToken.start(), "OVERRIDING SYSTEM VALUE "));
        }
        for (int row = values + 1; row < tokens.size() && tokens.get(row).isSymbol("("); ) {
            int rowClose = closing(tokens, row);
            Token rowEnd = tokens.get(rowClose);
            splices.add(new Splice(rowEnd.start(), rowEnd.start(), exprs.toString()));
            row = rowClose + 1;
            if (row < tokens.size() && tokens.get(row).isSymbol(",")) {
                row++;
            } else {
                break;
            }
        }
        return splices;
    }

    /** Refuses {@code DEFAULT} given for a listed draw column: H2 would draw it from the sequence. */
    private static void checkNoDefault(List<Token> tokens, int row, List<String> listed, List<DrawColumn> draws,
                                       Name table) throws SQLException {
        while (row < tokens.size() && tokens.get(row).isSymbol("(")) {
            int close = closing(tokens, row);
            int column = 0;
            int depth = 0;
            for (int j = row + 1; j < close; j++) {
                Token t = tokens.get(j);
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && t.isSymbol(",")) {
                    column++;
                } else if (depth == 0 && t.is("DEFAULT") && column < listed.size()) {
                    String name = listed.get(column);
                    for (DrawColumn d : draws) {
                        if (d.name().equals(name)) {
                            throw SequenceDraws.refused("in a transaction, DEFAULT for " + table.name() + "." + name
                                    + " would draw from a sequence outside the order; leave the column out instead");
                        }
                    }
                }
            }
            row = close + 1;
            if (row < tokens.size() && tokens.get(row).isSymbol(",")) {
                row++;
            } else {
                return;
            }
        }
    }

    private static String names(List<DrawColumn> draws) {
        StringBuilder sb = new StringBuilder();
        for (DrawColumn d : draws) {
            sb.append(sb.length() == 0 ? "" : ", ").append(d.name());
        }
        return sb.toString();
    }

    private static int indexOf(List<Token> tokens, String word, int from) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the parenthesis closing the one at {@code open}. */
    private static int closing(List<Token> tokens, int open) throws SQLException {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        throw SequenceDraws.refused("unbalanced parentheses");
    }
}
