package io.abcast.replicator;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The session state and the frozen context a command is applied under on every replica, so that it means and gives
 * the same there as at its origin.
 *
 * @param schema    the origin session's current schema, which unqualified names resolve in
 * @param timeZone  the origin session's time zone (an ID that {@code SET TIME ZONE} accepts)
 * @param timestamp the command's time: every {@code CURRENT_TIMESTAMP}, {@code NOW()}, {@code CURRENT_DATE} ... the
 *                  command evaluates, in statements, column defaults and {@code ON UPDATE} expressions alike
 * @param seed      the seed of the session's random numbers ({@code RAND()}) and of the UUIDs the command draws
 * @param settings  other session settings in force at the origin, by name, each the {@code SET} statement that
 *                  establishes it (e.g. {@code NON_KEYWORDS -> SET NON_KEYWORDS VALUE}); empty for most sessions
 */
public record SessionContext(String schema, String timeZone, Instant timestamp, long seed,
                             SortedMap<String, String> settings) {

    public SessionContext {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(timestamp, "timestamp");
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    /** A context with no extra settings. */
    public static SessionContext of(String schema, String timeZone, Instant timestamp, long seed) {
        return new SessionContext(schema, timeZone, timestamp, seed, new TreeMap<>());
    }

    /** The settings as a plain map, for lookups. */
    public Map<String, String> settingsMap() {
        return settings;
    }
}
