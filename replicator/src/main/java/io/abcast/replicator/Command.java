package io.abcast.replicator;

import java.util.List;
import java.util.Objects;

/**
 * A unit of replication: what every replica applies, at the same position, as one H2 transaction.
 *
 * @param id            unique in the cluster; a command whose id was applied already is skipped
 * @param context       the origin session's state the calls are applied under
 * @param calls         the JDBC calls, applied in order; none for a barrier (it only takes a place in the order)
 * @param certification null for a plain command, where the first call that fails undoes the whole; for a
 *                      transaction, what each call must observe again for the transaction to commit
 */
public record Command(CommandId id, SessionContext context, List<SqlCall> calls, Certification certification) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        calls = List.copyOf(calls);
        if (certification != null && certification.observations().size() != calls.size()) {
            throw new IllegalArgumentException("a certified command needs one observation per call");
        }
    }

    /** A plain command: applied whole, or not at all if a call fails. */
    public Command(CommandId id, SessionContext context, List<SqlCall> calls) {
        this(id, context, calls, null);
    }
}
