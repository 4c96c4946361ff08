package io.abcast.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** What {@code Statement.execute} gave for one corpus statement: an error, an update count, or rows. */
record CorpusResult(String sqlState, String message, boolean resultSet, long updateCount, int columns,
                    List<List<Object>> rows) {

    static CorpusResult of(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            boolean isResultSet;
            try {
                isResultSet = st.execute(sql);
            } catch (SQLException e) {
                return new CorpusResult(e.getSQLState(), e.getMessage(), false, -1, 0, List.of());
            }
            if (!isResultSet) {
                return new CorpusResult(null, null, false, st.getLargeUpdateCount(), 0, List.of());
            }
            try (ResultSet rs = st.getResultSet()) {
                int n = rs.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(comparable(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new CorpusResult(null, null, true, -1, n, rows);
            }
        }
    }

    private static Object comparable(Object value) throws SQLException {
        if (value instanceof Array a) {
            return comparable(a.getArray());
        }
        if (value instanceof Object[] array) {
            List<Object> list = new ArrayList<>();
            for (Object o : array) {
                list.add(comparable(o));
            }
            return list;
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return value;
    }

    /** Same error state, or same kind of result; with {@code values}, the same rows too. */
    boolean sameAs(CorpusResult other, boolean values) {
        if (sqlState != null || other.sqlState != null) {
            return Objects.equals(sqlState, other.sqlState);
        }
        if (resultSet != other.resultSet || updateCount != other.updateCount || columns != other.columns
                || rows.size() != other.rows.size()) {
            return false;
        }
        return !values || rows.equals(other.rows);
    }

    @Override
    public String toString() {
        if (sqlState != null) {
            return "error " + sqlState + ": " + message;
        }
        return resultSet ? columns + " columns, rows " + (rows.size() > 5 ? rows.subList(0, 5) + "..." : rows)
                : "update count " + updateCount;
    }

}
