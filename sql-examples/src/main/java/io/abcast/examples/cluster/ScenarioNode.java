package io.abcast.examples.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One replica process of a scenario run by {@link LocalCluster}, serving the line protocol of {@link NodeLoop}. Its
 * arguments are {@code node=<n> url=<jdbc:abcast:...> timeout=<seconds>} and the scenario's plan
 * ({@link Scenario#args}); the scenario's class has the {@code main} that calls {@link #main(String[], Function)}.
 * SETUP runs the scenario's setup; GO runs the node's clients and its auditor ({@link NodeWork}) and answers
 * {@code DONE node=n1 ...} (see {@link NodeResult}); FINISH answers one {@code REPORT node=n1 ...} line (see
 * {@link ReplicaResult}).
 */
public final class ScenarioNode implements NodeLoop.Steps {

    private final Scenario scenario;
    private final int node;
    private final String url;

    private ScenarioNode(Scenario scenario, int node, String url) {
        this.scenario = scenario;
        this.node = node;
        this.url = url;
    }

    /** Runs the process for the scenario made from the arguments, and exits with its code. */
    public static void main(String[] args, Function<Fields, Scenario> scenario) {
        Fields fields = Fields.of(List.of(args));
        Scenario s = scenario.apply(fields);
        int node = (int) fields.number("node");
        String url = fields.text("url");
        System.exit(NodeLoop.serve(node, s.nodes(), url, Duration.ofSeconds(fields.number("timeout")),
                new ScenarioNode(s, node, url)));
    }

    @Override
    public void setup(Connection control) throws Exception {
        scenario.setup(control);
    }

    @Override
    public NodeLoop.Work work() {
        NodeWork work = new NodeWork(scenario, node, () -> DriverManager.getConnection(url));
        return new NodeLoop.Work() {
            @Override
            public long done() {
                return work.done();
            }

            @Override
            public String run(Duration timeout) throws Exception {
                return work.run(timeout).toLine();
            }
        };
    }

    @Override
    public List<String> report(Connection control) throws Exception {
        return List.of(ReplicaResult.read(NodeProcesses.nodeName(node), control, scenario).toLine());
    }
}
