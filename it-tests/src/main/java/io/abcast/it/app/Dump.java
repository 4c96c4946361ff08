package io.abcast.it.app;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload's tables as text, one row a line, in a fixed order: what the checker compares between replicas. Read
 * the same way from an application node (through the driver) and from a standalone node (through its read-only SQL
 * port).
 * <pre>
 *   ACCOUNT id balance
 *   TRANSFER seq op from to amount       by SEQ
 *   MESSAGE id channel author seq op     by ID (the order of the channel)
 * </pre>
 */
public final class Dump {

    private Dump() {
    }

    public static List<String> read(Connection conn) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT ID, BALANCE FROM ACCOUNTS ORDER BY ID")) {
                while (rs.next()) {
                    lines.add("ACCOUNT " + rs.getInt(1) + " " + rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT SEQ, OP_ID, FROM_ID, TO_ID, AMOUNT FROM TRANSFERS ORDER BY SEQ")) {
                while (rs.next()) {
                    lines.add("TRANSFER " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " "
                            + rs.getInt(4) + " " + rs.getLong(5));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT ID, CHANNEL, AUTHOR, SEQ, OP_ID FROM MESSAGES ORDER BY ID")) {
                while (rs.next()) {
                    lines.add("MESSAGE " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getInt(4) + " " + rs.getString(5));
                }
            }
        }
        return lines;
    }
}
