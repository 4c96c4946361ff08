package io.abcast.replicator.internal;

import io.abcast.replicator.Command;
import io.abcast.replicator.CommandId;
import io.abcast.replicator.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Applier}'s group commit: delivered commands that can share an H2 transaction are applied in one, each
 * under its own savepoint, with the replication state recorded once for the group. When a local transaction holds the
 * group up (or H2 rolls the group back as a deadlock victim), the group is undone in the database, in the
 * replication state and in H2's sequences, and applied again.
 *
 * <p>Applier thread only.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final String node;
    private final ApplierSessions sessions;
    private final StateStore state;
    private final RunningHash runningHash = new RunningHash();
    private final LocalLocks localLocks;
    private final Applier.Sink sink;
    private final Metrics metrics;
    private final AppliedPosition applied;

    GroupCommit(String node, ApplierSessions sessions, StateStore state, LocalLocks localLocks, Applier.Sink sink,
                Metrics metrics, AppliedPosition applied) {
        this.node = node;
        this.sessions = sessions;
        this.state = state;
        this.localLocks = localLocks;
        this.sink = sink;
        this.metrics = metrics;
        this.applied = applied;
    }

    /** A delivered command and its bytes. */
    private record Delivered(byte[] payload, Command command) {
        Map<String, String> settings() {
            return command.context().settingsMap();
        }
    }

    /** Applies delivered messages in order, in as few transactions as their commands allow, in this epoch. */
    void applyAll(List<byte[]> payloads, long epoch) throws SQLException {
        List<Delivered> commands = new ArrayList<>(payloads.size());
        for (byte[] payload : payloads) {
            try {
                commands.add(new Delivered(payload, CommandCodec.decode(payload, 0, payload.length)));
            } catch (IOException e) {
                // Every replica receives the same bytes, so every replica skips them.
                LOG.error("{}: skipping a malformed message of {} bytes: {}", node, payload.length, e.getMessage());
            }
        }
        int from = 0;
        while (from < commands.size()) {
            from = applyGroup(commands, from, epoch);
        }
    }

    /**
     * Applies the commands from {@code from} that can share one transaction (same session settings, none that ends
     * a transaction by itself), each under its own savepoint, and the replication state once; the index after them.
     */
    private int applyGroup(List<Delivered> commands, int from, long epoch) throws SQLException {
        long started = System.nanoTime();
        Delivered first = commands.get(from);
        ApplierSession session;
        SQLException settingsFailed = null;
        try {
            session = sessions.forSettings(first.settings());
        } catch (SQLException e) {
            if (Errors.isEnvironmental(e)) {
                throw e;
            }
            // The session's settings themselves failed: the same everywhere, so it is the command's outcome.
            session = sessions.main();
            settingsFailed = e;
        }
        int to = from + 1;
        if (settingsFailed == null && CommandExecution.groupable(first.command())) {
            while (to < commands.size() && commands.get(to).settings().equals(first.settings())
                    && CommandExecution.groupable(commands.get(to).command())) {
                to++;
            }
        }
        List<Delivered> group = commands.subList(from, to);
        ApplierSession on = session;
        SQLException failure = settingsFailed;
        state.beginGroup();
        SequenceMarks sequences = SequenceMarks.take(on.h2Session());
        List<Outcome> outcomes = localLocks.execute(on, first.command().id(), () -> {
            // A try after a rollback starts where the group began, sequences included (H2 does not roll them back).
            state.undoGroup();
            if (sequences.restore() > 0) {
                LOG.debug("{}: sequences put back for the group at {} applied again", node, first.command().id());
            }
            return attempt(on, group, failure, epoch);
        });
        session.connection().commit();
        metrics.committed();
        applied.advance(state.position());
        long each = (System.nanoTime() - started) / group.size();
        for (int i = 0; i < group.size(); i++) {
            CommandId id = group.get(i).command().id();
            if (outcomes.get(i) == null) {
                LOG.debug("{}: skipped {}, applied before", node, id);
                sink.skipped(id);
            } else {
                metrics.applied(each);
                sink.applied(id, outcomes.get(i));
            }
        }
        return to;
    }

    /**
     * One try at a group, from where it began; an outcome per command, null for one applied before.
     *
     * @param settingsFailed why the session's settings failed, for a group of one command, or null
     */
    private List<Outcome> attempt(ApplierSession session, List<Delivered> group, SQLException settingsFailed,
                                  long epoch) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>(group.size());
        for (Delivered d : group) {
            CommandId id = d.command().id();
            if (state.isApplied(id)) {
                outcomes.add(null);
                continue;
            }
            long position = state.position() + 1;
            Outcome outcome = settingsFailed != null ? Outcome.failure(position, settingsFailed)
                    : CommandExecution.execute(session, d.command(), position, sink.wantsResults(id));
            state.record(id, position, runningHash.next(state.hash(), position, d.payload(), outcome), epoch,
                    d.payload());
            outcomes.add(outcome);
        }
        state.flush(session);
        return outcomes;
    }
}
