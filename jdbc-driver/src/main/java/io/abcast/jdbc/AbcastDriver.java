package io.abcast.jdbc;

import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.jdbc.internal.Connections;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:abcast:h2:...} URLs. Registered with {@link DriverManager} when loaded (through
 * {@code META-INF/services/java.sql.Driver}). The first connection to a database starts its replica, which joins the
 * cluster named by {@code abcast.cluster}; see {@link AbcastProperty} for every setting.
 */
public final class AbcastDriver implements Driver {

    private static final AbcastDriver INSTANCE = new AbcastDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The registered instance. */
    public static AbcastDriver load() {
        return INSTANCE;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC: another driver's URL
        }
        return Connections.open(url, info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.regionMatches(true, 0, ConnectionSettings.URL_PREFIX, 0,
                ConnectionSettings.URL_PREFIX.length());
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        AbcastProperty[] all = AbcastProperty.values();
        DriverPropertyInfo[] result = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            AbcastProperty p = all[i];
            DriverPropertyInfo d = new DriverPropertyInfo(p.key(), info == null ? null : info.getProperty(p.key()));
            if (d.value == null) {
                d.value = p.defaultValue();
            }
            d.description = p.description();
            d.required = p == AbcastProperty.CLUSTER;
            d.choices = p.choices().isEmpty() ? null : p.choices().toArray(new String[0]);
            result[i] = d;
        }
        return result;
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("abcast logs through SLF4J");
    }
}
