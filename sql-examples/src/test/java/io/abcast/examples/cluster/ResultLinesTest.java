package io.abcast.examples.cluster;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the node processes print comes back the same, counters and facts in their order. */
class ResultLinesTest {

    @Test
    void nodeAndReplicaResultsSurviveTheirProtocolLines() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("committed", 7L);
        counters.put("declined", 0L);
        counters.put("moved", 123L);
        NodeResult n = new NodeResult("n2", 3, 9, 11, 40, 1, 5_000_000, 100, 200, 300, counters);
        assertThat(NodeResult.parse(n.toLine())).isEqualTo(n);
        assertThat(NodeResult.parse(n.toLine()).counters().keySet()).containsExactly("committed", "declined", "moved");

        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("total", 500L);
        facts.put("min", -3L);
        ReplicaResult r = new ReplicaResult("n1", 42, "ab12", "cd34", "ef56", facts);
        assertThat(ReplicaResult.parse(r.toLine())).isEqualTo(r);
        assertThat(ReplicaResult.parse(r.toLine()).facts().keySet()).containsExactly("total", "min");
    }

    @Test
    void commandLineFieldsKeepValuesWithSpacesAndEquals() {
        Fields f = Fields.of(List.of("node=2", "url=jdbc:abcast:h2:/a b/n2;abcast.cluster=x", "junk"));
        assertThat(f.number("node")).isEqualTo(2);
        assertThat(f.text("url")).isEqualTo("jdbc:abcast:h2:/a b/n2;abcast.cluster=x");
        assertThat(f.values().keySet()).containsExactly("node", "url");
    }
}
