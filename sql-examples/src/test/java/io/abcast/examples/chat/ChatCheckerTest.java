package io.abcast.examples.chat;

import io.abcast.examples.cluster.Checks.Check;
import io.abcast.examples.cluster.Checks.Verdict;
import io.abcast.examples.chat.ReplicaReport.AuthorView;
import io.abcast.examples.chat.ReplicaReport.ChannelView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker passes identical, complete reports and catches each kind of difference. */
class ChatCheckerTest {

    private final ChatPlan plan = new ChatPlan(3, 2, 10, 4);
    private final long expectedPosition = 6 + 3 * (2 + 20);

    /** A report as a correct replica would send it (hashes made up, equal everywhere). */
    private ReplicaReport good(int node) {
        Map<Integer, ChannelView> channels = new TreeMap<>();
        plan.expectedMessagesPerChannel().forEach((id, count) -> channels.put(id,
                new ChannelView(plan.expectedMembersPerChannel().get(id), count, "c" + id)));
        Map<String, AuthorView> authors = new TreeMap<>();
        plan.userNames().forEach(name -> authors.put(name, new AuthorView(plan.messagesPerUser(), true)));
        return new ReplicaReport(ChatPlan.nodeName(node), expectedPosition, "h", "d", plan.totalMessages(), "r",
                channels, authors);
    }

    private List<ReplicaReport> reportsWithNode2(UnaryOperator<ReplicaReport> change) {
        List<ReplicaReport> reports = new ArrayList<>();
        for (int node = 1; node <= plan.nodes(); node++) {
            reports.add(node == 2 ? change.apply(good(node)) : good(node));
        }
        return reports;
    }

    private List<String> failed(List<ReplicaReport> reports) {
        Verdict v = ChatChecker.check(plan, expectedPosition, reports);
        assertThat(v.ok()).isEqualTo(v.checks().stream().allMatch(Check::ok));
        return v.checks().stream().filter(c -> !c.ok()).map(Check::name).toList();
    }

    @Test
    void identicalCompleteReportsPass() {
        assertThat(failed(reportsWithNode2(r -> r))).isEmpty();
    }

    @Test
    void aMissingReportFails() {
        List<ReplicaReport> reports = reportsWithNode2(r -> r);
        reports.remove(2);
        assertThat(failed(reports)).singleElement().asString().contains("replicas reported");
    }

    @Test
    void aDifferentDigestFails() {
        assertThat(failed(reportsWithNode2(r -> new ReplicaReport(r.node(), r.position(), r.hash(), "other",
                r.messages(), r.rowsHash(), r.channels(), r.authors()))))
                .singleElement().asString().contains("digest");
    }

    @Test
    void aReplicaBehindFails() {
        assertThat(failed(reportsWithNode2(r -> new ReplicaReport(r.node(), r.position() - 1, r.hash(), r.digest(),
                r.messages(), r.rowsHash(), r.channels(), r.authors()))))
                .anyMatch(name -> name.contains("exactly the")).anyMatch(name -> name.contains("same position"));
    }

    @Test
    void aChannelInAnotherOrderFails() {
        List<String> failed = failed(reportsWithNode2(r -> {
            Map<Integer, ChannelView> channels = new TreeMap<>(r.channels());
            ChannelView v = channels.get(1);
            channels.put(1, new ChannelView(v.members(), v.messages(), "reordered"));
            return new ReplicaReport(r.node(), r.position(), r.hash(), r.digest(), r.messages(), "r2", channels,
                    r.authors());
        }));
        assertThat(failed).anyMatch(name -> name.contains("every channel")).anyMatch(name -> name.contains("rows"));
    }

    @Test
    void aLostMessageFails() {
        List<String> failed = failed(reportsWithNode2(r -> {
            Map<String, AuthorView> authors = new TreeMap<>(r.authors());
            authors.put("user1", new AuthorView(plan.messagesPerUser() - 1, true));
            return new ReplicaReport(r.node(), r.position(), r.hash(), r.digest(), r.messages() - 1, r.rowsHash(),
                    r.channels(), authors);
        }));
        assertThat(failed).anyMatch(name -> name.contains("lost or duplicated"))
                .anyMatch(name -> name.contains("holds all"));
    }

    @Test
    void anAuthorOutOfOrderFails() {
        assertThat(failed(reportsWithNode2(r -> {
            Map<String, AuthorView> authors = new TreeMap<>(r.authors());
            authors.put("user3", new AuthorView(plan.messagesPerUser(), false));
            return new ReplicaReport(r.node(), r.position(), r.hash(), r.digest(), r.messages(), r.rowsHash(),
                    r.channels(), authors);
        }))).singleElement().asString().contains("order sent");
    }

    @Test
    void reportsSurviveTheirProtocolLines() {
        ReplicaReport r = good(1);
        assertThat(ReplicaReport.parse(r.toLines())).isEqualTo(r);
        NodeStats s = NodeStats.of("n1", 12, 5_000_000, new long[] {3, 1, 2});
        assertThat(NodeStats.parse(s.toLine())).isEqualTo(s);
        assertThat(s.p50Nanos()).isEqualTo(2);
        assertThat(s.maxNanos()).isEqualTo(3);
    }
}
