package io.abcast.examples.chat;

import io.abcast.examples.cluster.SqlScript;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The chat scenario's schema ({@code chat/schema.sql} on the class path) and its fixed data (the channels). One
 * node runs {@link #create} once, through its replica, before any user connects; the cluster replicates it.
 *
 * <p>Stateless; thread safe.
 */
public final class ChatSchema {

    /** The class path resource holding the schema. */
    public static final String RESOURCE = "/chat/schema.sql";

    private ChatSchema() {
    }

    /** The statements of {@code schema.sql}, without comments, in file order (see {@link SqlScript}). */
    public static List<String> statements() {
        return SqlScript.statements(RESOURCE);
    }

    /**
     * Creates the tables and the plan's channels: one command per schema statement, then one batch of channels.
     *
     * @return how many commands it issued
     */
    public static int create(Connection conn, ChatPlan plan) throws SQLException {
        int commands = 0;
        try (Statement st = conn.createStatement()) {
            for (String sql : statements()) {
                st.execute(sql);
                commands++;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO CHANNEL(ID, NAME) VALUES (?, ?)")) {
            for (int c = 1; c <= plan.channels(); c++) {
                ps.setInt(1, c);
                ps.setString(2, ChatPlan.channelName(c));
                ps.addBatch();
            }
            ps.executeBatch();
            commands++;
        }
        return commands;
    }
}
