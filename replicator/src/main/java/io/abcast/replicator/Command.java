package io.abcast.replicator;

import java.util.List;
import java.util.Objects;

/**
 * A unit of replication: what every replica applies, at the same position, as one H2 transaction.
 *
 * @param id      unique in the cluster; a command whose id was applied already is skipped
 * @param context the origin session's state the calls are applied under
 * @param calls   the JDBC calls, applied in order; if one fails, none has an effect
 */
public record Command(CommandId id, SessionContext context, List<SqlCall> calls) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one call");
        }
    }
}
