package io.abcast.replicator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Set;
import java.util.UUID;

/**
 * The parameter values a command can carry. They are immutable (arrays are copied by whoever binds them) and mean
 * the same on every replica whatever its JVM's default time zone: legacy {@code java.sql} date and time values are
 * converted to {@code java.time} at the origin, the way H2 itself converts them there.
 */
public final class Values {

    private static final Set<Class<?>> SCALARS = Set.of(Boolean.class, Byte.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class, String.class, byte[].class,
            LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetTime.class, OffsetDateTime.class,
            Instant.class, UUID.class);

    private Values() {
    }

    /** Whether a command can carry this value: null, a supported scalar, an array of them, or a {@link TypedValue}. */
    public static boolean isSupported(Object value) {
        if (value == null || SCALARS.contains(value.getClass())) {
            return true;
        }
        if (value instanceof TypedValue typed) {
            return !(typed.value() instanceof TypedValue) && isSupported(typed.value());
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                if (element instanceof Object[] || !isSupported(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The supported types, for error messages. */
    public static String supportedTypes() {
        return "null, Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, BigInteger, String, byte[], "
                + "java.sql.Date/Time/Timestamp, LocalDate, LocalTime, LocalDateTime, OffsetTime, OffsetDateTime, "
                + "Instant, UUID, arrays of these, streams and LOBs (read whole)";
    }
}
