package io.abcast.replicator;

/**
 * A parameter bound with {@code setObject(index, value, targetSqlType)}: the replica binds it the same way, so H2
 * converts it as it did at the origin.
 *
 * @param value   the value, of a type {@link Values} accepts, or null
 * @param sqlType a {@link java.sql.Types} constant
 */
public record TypedValue(Object value, int sqlType) {
}
