package io.abcast.examples.chat;

import io.abcast.examples.chat.ReplicaReport.ChannelView;
import io.abcast.examples.cluster.Checks.Check;
import io.abcast.examples.cluster.Checks.Verdict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Judges a chat run from the replicas' reports: every replica applied exactly the commands issued, ends with the
 * same running hash, digest and rows; every channel has the same members and the same messages in the same order
 * on every replica, as many as the plan sent to it; every author has exactly its messages on every replica (none
 * lost, none duplicated), in the order it sent them.
 *
 * <p>Its checks and verdict are of the kind every scenario's are ({@link Check}, {@link Verdict}).
 *
 * <p>Stateless; thread safe.
 */
public final class ChatChecker {

    private static final int MAX_PROBLEMS = 5;

    private ChatChecker() {
    }

    /**
     * Checks the reports against the plan.
     *
     * @param expectedPosition the number of commands the run issued (setup and workload); every replica must have
     *                         applied exactly these
     */
    public static Verdict check(ChatPlan plan, long expectedPosition, List<ReplicaReport> reports) {
        List<Check> checks = new ArrayList<>();
        checks.add(check("all " + plan.nodes() + " replicas reported", reports.size() == plan.nodes() && !reports.isEmpty(),
                List.of(reports.size() + " reports")));
        checks.add(check("every replica applied exactly the " + expectedPosition + " commands issued",
                problems(reports, r -> r.position() == expectedPosition ? null : r.node() + " is at " + r.position())));
        checks.add(same("same position, running hash and data digest on every replica", reports,
                r -> r.position() + " " + r.hash() + " " + r.digest()));
        checks.add(same("same MESSAGE rows on every replica", reports, ReplicaReport::rowsHash));
        checks.add(check("every replica holds all " + plan.totalMessages() + " messages", problems(reports,
                r -> r.messages() == plan.totalMessages() ? null : r.node() + " holds " + r.messages())));
        checks.add(channels(plan, reports));
        checks.add(check("no message lost or duplicated: each of the " + plan.totalUsers() + " authors has "
                + plan.messagesPerUser() + " messages on every replica", authorCounts(plan, reports)));
        checks.add(check("each author's messages appear in the order sent", problems(reports, r -> {
            Set<String> unordered = new TreeSet<>();
            r.authors().forEach((name, v) -> {
                if (!v.inOrder()) {
                    unordered.add(name);
                }
            });
            return unordered.isEmpty() ? null : r.node() + ": out of order " + unordered;
        })));
        return new Verdict(checks);
    }

    private static Check channels(ChatPlan plan, List<ReplicaReport> reports) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Long> expectedMessages = plan.expectedMessagesPerChannel();
        Map<Integer, Long> expectedMembers = plan.expectedMembersPerChannel();
        for (ReplicaReport r : reports) {
            if (!r.channels().keySet().equals(expectedMessages.keySet())) {
                problems.add(r.node() + " has channels " + r.channels().keySet() + ", not " + expectedMessages.keySet());
                continue;
            }
            r.channels().forEach((id, v) -> {
                if (v.messages() != expectedMessages.get(id) || v.members() != expectedMembers.get(id)) {
                    problems.add(r.node() + " #" + ChatPlan.channelName(id) + " has " + v.members() + " members and "
                            + v.messages() + " messages, not " + expectedMembers.get(id) + " and "
                            + expectedMessages.get(id));
                }
            });
        }
        for (int id : expectedMessages.keySet()) {
            Set<ChannelView> views = new HashSet<>();
            reports.forEach(r -> views.add(r.channels().get(id)));
            if (views.size() > 1) {
                problems.add("#" + ChatPlan.channelName(id) + " differs between replicas: "
                        + describe(reports, r -> shortView(r.channels().get(id))));
            }
        }
        return check("every channel: its members see the same messages in the same order on every replica",
                problems);
    }

    private static List<String> authorCounts(ChatPlan plan, List<ReplicaReport> reports) {
        Set<String> expected = new TreeSet<>(plan.userNames());
        return problems(reports, r -> {
            List<String> wrong = new ArrayList<>();
            if (!r.authors().keySet().equals(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(r.authors().keySet());
                Set<String> unknown = new TreeSet<>(r.authors().keySet());
                unknown.removeAll(expected);
                wrong.add("authors missing " + missing + ", unknown " + unknown);
            }
            r.authors().forEach((name, v) -> {
                if (v.messages() != plan.messagesPerUser()) {
                    wrong.add(name + " has " + v.messages());
                }
            });
            return wrong.isEmpty() ? null : r.node() + ": " + String.join(", ", wrong);
        });
    }

    private static Check same(String name, List<ReplicaReport> reports, Function<ReplicaReport, String> key) {
        Set<String> distinct = new HashSet<>();
        reports.forEach(r -> distinct.add(key.apply(r)));
        return check(name, distinct.size() <= 1 ? List.of() : List.of("differ: " + describe(reports, key)));
    }

    private static String describe(List<ReplicaReport> reports, Function<ReplicaReport, String> key) {
        List<String> parts = new ArrayList<>();
        reports.forEach(r -> parts.add(r.node() + "=" + key.apply(r)));
        return String.join(", ", parts);
    }

    private static String shortView(ChannelView v) {
        return v == null ? "missing" : v.messages() + " msgs " + v.hash().substring(0, Math.min(12, v.hash().length()));
    }

    private static List<String> problems(List<ReplicaReport> reports, Function<ReplicaReport, String> problem) {
        List<String> problems = new ArrayList<>();
        reports.stream().map(problem).filter(Objects::nonNull).forEach(problems::add);
        return problems;
    }

    private static Check check(String name, List<String> problems) {
        return check(name, problems.isEmpty(), problems);
    }

    private static Check check(String name, boolean ok, List<String> problems) {
        List<String> shown = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        String detail = ok ? "" : String.join("; ", shown)
                + (problems.size() > MAX_PROBLEMS ? "; and " + (problems.size() - MAX_PROBLEMS) + " more" : "");
        return new Check(name, ok, detail);
    }
}
