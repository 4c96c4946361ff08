package io.abcast.examples.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chat workload, decided in advance so that every process (and the checker) derives the same plan from four
 * numbers: {@code nodes} replicas, each serving {@code usersPerNode} users; each user is a member of up to three of
 * the {@code channels} channels and posts {@code messagesPerUser} messages, each to one of its channels.
 *
 * <p>Users are numbered from 1 across the cluster: node {@code n} (1-based) serves users
 * {@code (n - 1) * usersPerNode + 1 ... n * usersPerNode}. The channel of each message is a fixed function of the
 * user and the message's sequence number, so the expected number of messages per channel is known before the run.
 * Only the interleaving of users, which the cluster decides, is left open.
 *
 * <p>Immutable.
 */
public record ChatPlan(int nodes, int usersPerNode, int messagesPerUser, int channels) {

    /** How many channels each user joins (fewer if there are fewer channels). */
    public static final int CHANNELS_PER_USER = 3;

    private static final List<String> CHANNEL_NAMES = List.of("general", "random", "ops", "dev", "support");

    public ChatPlan {
        if (nodes < 1 || usersPerNode < 1 || messagesPerUser < 1 || channels < 1) {
            throw new IllegalArgumentException("every size must be at least 1: nodes=" + nodes + ", users="
                    + usersPerNode + ", messages=" + messagesPerUser + ", channels=" + channels);
        }
    }

    /** The name of node {@code n} (1-based). */
    public static String nodeName(int node) {
        return "n" + node;
    }

    public int totalUsers() {
        return nodes * usersPerNode;
    }

    public long totalMessages() {
        return (long) totalUsers() * messagesPerUser;
    }

    /** The global numbers of the users node {@code node} serves. */
    public List<Integer> usersOf(int node) {
        List<Integer> users = new ArrayList<>(usersPerNode);
        for (int k = 1; k <= usersPerNode; k++) {
            users.add((node - 1) * usersPerNode + k);
        }
        return users;
    }

    public static String userName(int user) {
        return "user" + user;
    }

    /** The node that serves a user. */
    public int homeNode(int user) {
        return (user - 1) / usersPerNode + 1;
    }

    /** Every user's name, in user order. */
    public List<String> userNames() {
        List<String> names = new ArrayList<>(totalUsers());
        for (int u = 1; u <= totalUsers(); u++) {
            names.add(userName(u));
        }
        return names;
    }

    /** Channel ids are 1 ... {@code channels}. */
    public static String channelName(int channel) {
        return channel <= CHANNEL_NAMES.size() ? CHANNEL_NAMES.get(channel - 1) : "channel" + channel;
    }

    /** The channels a user joins: up to three consecutive ones, starting at a place that depends on the user. */
    public List<Integer> channelsOf(int user) {
        int count = Math.min(CHANNELS_PER_USER, channels);
        List<Integer> joined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            joined.add((user + i) % channels + 1);
        }
        return joined;
    }

    /** The channel message {@code seq} (1-based) of {@code user} goes to: one of the user's, spread evenly. */
    public int channelOf(int user, int seq) {
        List<Integer> joined = channelsOf(user);
        long mixed = (seq * 0x9E3779B97F4A7C15L) ^ (user * 0xC2B2AE3D27D4EB4FL);
        mixed ^= mixed >>> 29;
        return joined.get((int) Math.floorMod(mixed, (long) joined.size()));
    }

    /** The text of message {@code seq} of {@code user}. */
    public String body(int user, int seq) {
        return "message " + seq + " of " + messagesPerUser + " from " + userName(user) + " to #"
                + channelName(channelOf(user, seq));
    }

    /** Channel id to the number of messages it must end with. */
    public Map<Integer, Long> expectedMessagesPerChannel() {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int c = 1; c <= channels; c++) {
            counts.put(c, 0L);
        }
        for (int u = 1; u <= totalUsers(); u++) {
            for (int seq = 1; seq <= messagesPerUser; seq++) {
                counts.merge(channelOf(u, seq), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Channel id to the number of its members. */
    public Map<Integer, Long> expectedMembersPerChannel() {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int c = 1; c <= channels; c++) {
            counts.put(c, 0L);
        }
        for (int u = 1; u <= totalUsers(); u++) {
            for (int c : channelsOf(u)) {
                counts.merge(c, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public String toString() {
        return nodes + " nodes x " + usersPerNode + " users x " + messagesPerUser + " messages over " + channels
                + " channels";
    }
}
