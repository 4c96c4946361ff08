package io.abcast.examples.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one run of a scenario on a cluster (see {@link LocalCluster}): what each node's clients did, what
 * each replica holds at the end, and the verdict. Immutable.
 *
 * @param runId         names the run's data directory and cluster
 * @param runDir        where the replicas' databases and logs are ({@code nK.mv.db}, {@code nK.log})
 * @param members       the view the nodes formed, the sequencer first
 * @param formedNanos   from starting the first process until every node saw every other
 * @param setupPosition the position after node 1's setup
 * @param workloadNanos from GO until the last node's clients were done
 * @param nodes         per node, in node order
 * @param replicas      per replica, in node order
 * @param exitCodes     each process's exit code, in node order (0 when it closed its replica cleanly)
 */
public record Run(Scenario scenario, String runId, Path runDir, List<String> members, long formedNanos,
                  long setupPosition, long workloadNanos, List<NodeResult> nodes, List<ReplicaResult> replicas,
                  List<Long> pids, List<Integer> exitCodes, Checks.Verdict verdict) {

    public Run {
        members = List.copyOf(members);
        nodes = List.copyOf(nodes);
        replicas = List.copyOf(replicas);
        pids = List.copyOf(pids);
        exitCodes = List.copyOf(exitCodes);
    }

    /** The position every replica must end at: the setup's and every command of the clients. */
    public long expectedPosition() {
        return setupPosition + Checks.sum(nodes, NodeResult::commands);
    }

    /** Operations per second over the whole cluster, from GO until the last node was done. */
    public double throughput() {
        return workloadNanos == 0 ? 0 : Checks.sum(nodes, NodeResult::operations) * 1e9 / workloadNanos;
    }

    /** Whether every check held and every process exited cleanly. */
    public boolean ok() {
        return verdict.ok() && exitCodes.stream().allMatch(c -> c == 0);
    }
}
