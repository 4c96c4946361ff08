package io.abcast.examples.chat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the chat tables as plain row lists, to compare replicas row by row. */
final class TableRows {

    /** Every chat table, each in a fixed order. */
    static final Map<String, String> QUERIES = Map.of(
            "CHANNEL", "SELECT * FROM CHANNEL ORDER BY ID",
            "APP_USER", "SELECT * FROM APP_USER ORDER BY NAME",
            "CHANNEL_MEMBER", "SELECT * FROM CHANNEL_MEMBER ORDER BY CHANNEL_ID, USER_NAME",
            "MESSAGE", "SELECT * FROM MESSAGE ORDER BY ID");

    private TableRows() {
    }

    /** Table name to its rows, each row a list of column values. */
    static Map<String, List<List<Object>>> all(Connection conn) throws SQLException {
        Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            tables.put(q.getKey(), rows(conn, q.getValue()));
        }
        return tables;
    }

    static List<List<Object>> rows(Connection conn, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
