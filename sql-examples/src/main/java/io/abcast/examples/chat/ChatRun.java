package io.abcast.examples.chat;

import io.abcast.examples.cluster.Checks;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one multi-process chat run (see {@link ChatCluster}): what each node did, what each replica holds
 * at the end, and the checker's verdict. Immutable.
 *
 * @param runId            names the run's data directory and cluster
 * @param runDir           where the replicas' databases and logs are ({@code nK.mv.db}, {@code nK.log})
 * @param members          the view the nodes formed, the sequencer first
 * @param formedNanos      from starting the first process until every node saw every other
 * @param setupPosition    the position after the schema and channels were created
 * @param expectedPosition the commands issued in all, which every replica must have applied
 * @param workloadNanos    from GO until the last node's users were done
 * @param stats            per node, in node order
 * @param reports          per replica, in node order
 * @param exitCodes        each process's exit code, in node order (0 when it closed its replica cleanly)
 */
public record ChatRun(String runId, Path runDir, ChatPlan plan, List<String> members, long formedNanos,
                      long setupPosition, long expectedPosition, long workloadNanos, List<NodeStats> stats,
                      List<ReplicaReport> reports, List<Long> pids, List<Integer> exitCodes,
                      Checks.Verdict verdict) {

    public ChatRun {
        members = List.copyOf(members);
        stats = List.copyOf(stats);
        reports = List.copyOf(reports);
        pids = List.copyOf(pids);
        exitCodes = List.copyOf(exitCodes);
    }

    /** Messages per second over the whole cluster, from GO until the last node was done. */
    public double throughput() {
        long messages = stats.stream().mapToLong(NodeStats::messages).sum();
        return workloadNanos == 0 ? 0 : messages * 1e9 / workloadNanos;
    }

    /** Whether every check held and every process exited cleanly. */
    public boolean ok() {
        return verdict.ok() && exitCodes.stream().allMatch(c -> c == 0);
    }
}
