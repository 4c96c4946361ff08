package io.abcast.replicator;

import java.util.Objects;

/**
 * The session state a command is applied under on every replica, so that it means the same there as at its origin.
 *
 * @param schema   the origin session's current schema, which unqualified names resolve in
 * @param timeZone the origin session's time zone (an ID that {@code SET TIME ZONE} accepts)
 */
public record SessionContext(String schema, String timeZone) {

    public SessionContext {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
