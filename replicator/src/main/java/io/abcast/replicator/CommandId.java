package io.abcast.replicator;

import java.util.Objects;

/**
 * Identifies a command across the cluster: the node it came from, the session (one per JDBC connection) and the
 * session's request number. A command delivered again with an id already applied is skipped, so a resend or a retry
 * is applied at most once.
 *
 * @param origin  the node name of the replica that broadcast the command
 * @param session a number unique to the session on its node
 * @param request the session's request number, increasing by one per command
 */
public record CommandId(String origin, long session, long request) {

    public CommandId {
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String toString() {
        return origin + "/" + Long.toHexString(session) + "/" + request;
    }
}
