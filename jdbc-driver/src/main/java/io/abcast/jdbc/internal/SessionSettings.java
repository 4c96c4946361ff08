package io.abcast.jdbc.internal;


import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.TimeZone;

/** Reads the H2 session state that a command carries to the replicas. */
final class SessionSettings {

    private SessionSettings() {
    }

    /** The session's time zone, as H2 reports it. */
    static String timeZone(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME = 'TIME ZONE'")) {
            return rs.next() ? rs.getString(1) : TimeZone.getDefault().getID();
        }
    }

    /** The zone of an H2 time zone setting, for converting legacy date and time values as H2 does. */
    static ZoneId zoneId(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return TimeZone.getTimeZone(timeZone).toZoneId();
        }
    }
}
