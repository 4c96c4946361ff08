package io.abcast.examples.chat;

import io.abcast.examples.cluster.Fields;
import io.abcast.jdbc.ReplicatedConnection;
import io.abcast.replicator.ReplicaState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one replica holds at the end of a chat run, in a form the demo compares between replicas: the replica's
 * position, running hash and data digest; a hash of every MESSAGE row in id order; per channel its members, its
 * message count and a hash of its history (the ordered list of message ids, authors, sequence numbers and bodies,
 * which is what every member of the channel reads); per author its message count and whether its sequence numbers
 * appear as 1, 2, 3, ... in id order (nothing lost, duplicated or reordered).
 *
 * <p>Read it with {@link #read} once the replica has applied every command of the run: the state and the tables
 * are read one after the other, so they agree only on a replica that no longer changes. Immutable.
 *
 * @param channels channel id to what its members see
 * @param authors  author name to what the replica holds of that author's messages
 */
public record ReplicaReport(String node, long position, String hash, String digest, long messages, String rowsHash,
                            Map<Integer, ChannelView> channels, Map<String, AuthorView> authors) {

    /** A channel as its members see it: how many they are, how many messages, and the history's hash. */
    public record ChannelView(long members, long messages, String hash) {
    }

    /** An author's messages: how many, and whether their sequence numbers run 1, 2, 3, ... in id order. */
    public record AuthorView(long messages, boolean inOrder) {
    }

    public ReplicaReport {
        channels = Collections.unmodifiableMap(new TreeMap<>(channels));
        authors = Collections.unmodifiableMap(new TreeMap<>(authors));
    }

    /** Reads the report from a connection to the replica (an abcast connection, for the replica's state). */
    public static ReplicaReport read(String node, Connection conn) throws SQLException {
        ReplicaState state = conn.unwrap(ReplicatedConnection.class).replicaState();
        Map<Integer, Long> members = new HashMap<>();
        Map<Integer, MessageDigest> channelHashes = new TreeMap<>();
        Map<Integer, Long> channelCounts = new HashMap<>();
        Map<String, long[]> authorSeqs = new TreeMap<>();
        Map<String, Boolean> authorOrder = new HashMap<>();
        MessageDigest rows = sha256();
        long messages = 0;
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT ID FROM CHANNEL ORDER BY ID")) {
                while (rs.next()) {
                    channelHashes.put(rs.getInt(1), sha256());
                    channelCounts.put(rs.getInt(1), 0L);
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT CHANNEL_ID, COUNT(*) FROM CHANNEL_MEMBER GROUP BY CHANNEL_ID")) {
                while (rs.next()) {
                    members.put(rs.getInt(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT ID, CHANNEL_ID, AUTHOR, AUTHOR_SEQ, BODY, SENT_AT FROM MESSAGE ORDER BY ID")) {
                while (rs.next()) {
                    messages++;
                    String history = rs.getLong(1) + "\u001f" + rs.getString(3) + "\u001f" + rs.getInt(4) + "\u001f"
                            + rs.getString(5) + "\n";
                    int channel = rs.getInt(2);
                    channelHashes.computeIfAbsent(channel, c -> sha256()).update(bytes(history));
                    channelCounts.merge(channel, 1L, Long::sum);
                    rows.update(bytes(channel + "\u001f" + rs.getObject(6) + "\u001f" + history));
                    long[] seqs = authorSeqs.computeIfAbsent(rs.getString(3), a -> new long[1]);
                    seqs[0]++;
                    if (rs.getInt(4) != seqs[0]) {
                        authorOrder.put(rs.getString(3), false);
                    }
                }
            }
        }
        Map<Integer, ChannelView> channels = new TreeMap<>();
        channelHashes.forEach((c, md) -> channels.put(c,
                new ChannelView(members.getOrDefault(c, 0L), channelCounts.get(c), hex(md.digest()))));
        Map<String, AuthorView> authors = new TreeMap<>();
        authorSeqs.forEach((a, seqs) -> authors.put(a, new AuthorView(seqs[0], authorOrder.getOrDefault(a, true))));
        return new ReplicaReport(node, state.position(), state.hash(), state.digest(), messages, hex(rows.digest()),
                channels, authors);
    }

    /** The protocol lines: {@code STATE ...}, one {@code CHANNEL ...} per channel, one {@code AUTHOR ...} each. */
    List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add("STATE node=" + node + " position=" + position + " hash=" + hash + " digest=" + digest
                + " messages=" + messages + " rowsHash=" + rowsHash);
        channels.forEach((id, v) -> lines.add("CHANNEL id=" + id + " members=" + v.members() + " messages="
                + v.messages() + " hash=" + v.hash()));
        authors.forEach((name, v) -> lines.add("AUTHOR name=" + name + " messages=" + v.messages() + " inOrder="
                + v.inOrder()));
        return lines;
    }

    /** The report from its {@link #toLines} (other lines are not allowed). */
    static ReplicaReport parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).startsWith("STATE ")) {
            throw new IllegalArgumentException("a report starts with a STATE line: " + lines);
        }
        Fields state = Fields.parse(lines.get(0));
        Map<Integer, ChannelView> channels = new TreeMap<>();
        Map<String, AuthorView> authors = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Fields f = Fields.parse(line);
            if (line.startsWith("CHANNEL ")) {
                channels.put((int) f.number("id"), new ChannelView(f.number("members"), f.number("messages"),
                        f.text("hash")));
            } else if (line.startsWith("AUTHOR ")) {
                authors.put(f.text("name"), new AuthorView(f.number("messages"), f.flag("inOrder")));
            } else {
                throw new IllegalArgumentException("not a report line: " + line);
            }
        }
        return new ReplicaReport(state.text("node"), state.number("position"), state.text("hash"),
                state.text("digest"), state.number("messages"), state.text("rowsHash"), channels, authors);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
