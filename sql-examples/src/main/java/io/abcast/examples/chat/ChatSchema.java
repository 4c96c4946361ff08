package io.abcast.examples.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    /** The statements of {@code schema.sql}, without comments, in file order. */
    public static List<String> statements() {
        String text;
        try (InputStream in = ChatSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        // The schema has no ';' inside literals, so splitting at ';' is enough.
        List<String> statements = new ArrayList<>();
        for (String part : withoutComments.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
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
