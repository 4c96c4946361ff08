package io.abcast.jdbc.internal;

import io.abcast.jdbc.internal.sql.SqlLexer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
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

    /**
     * Whether a transaction statement does nothing in autocommit mode: {@code COMMIT}, {@code ROLLBACK} (without a
     * savepoint) and {@code SET AUTOCOMMIT TRUE}.
     */
    static boolean isAutocommitNoOp(String sql) {
        List<List<SqlLexer.Token>> statements = SqlLexer.statements(sql);
        if (statements.size() != 1) {
            return false;
        }
        List<SqlLexer.Token> t = statements.get(0);
        String first = t.get(0).text();
        if (first.equals("COMMIT") || first.equals("ROLLBACK")) {
            return t.size() == 1 || (t.size() == 2 && t.get(1).is("WORK")) || (t.size() == 2 && t.get(1).is("TRANSACTION"));
        }
        if (first.equals("SET") && t.size() == 3 && t.get(1).is("AUTOCOMMIT")) {
            String v = t.get(2).text();
            return v.equals("TRUE") || v.equals("ON") || v.equals("1");
        }
        return false;
    }
}
