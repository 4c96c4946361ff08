package io.abcast.jdbc.internal;

import io.abcast.jdbc.AbcastProperty;
import io.abcast.jdbc.Consistency;
import io.abcast.replicator.ClusterSecret;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.SqlStates;
import io.abcast.replicator.internal.HostPort;
import io.abcast.replicator.internal.Stacks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:abcast:} URL and connection properties, split into abcast's settings and what goes to H2 unchanged.
 * Every abcast setting is checked here, so a bad one fails the connection before anything starts.
 */
public final class ConnectionSettings {

    /** The prefix of every abcast URL. */
    public static final String URL_PREFIX = "jdbc:abcast:";
    private static final String H2_PREFIX = "jdbc:h2:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String h2Url;
    private final String database;
    private final Properties h2Info;
    private final Map<AbcastProperty, String> values;

    private ConnectionSettings(String h2Url, String database, Properties h2Info, Map<AbcastProperty, String> values) {
        this.h2Url = h2Url;
        this.database = database;
        this.h2Info = h2Info;
        this.values = values;
    }

    /**
     * Parses and checks a URL and its properties.
     *
     * @throws SQLException (22023) naming the setting that is unknown, missing or malformed, and what is valid
     */
    public static ConnectionSettings parse(String url, Properties info) throws SQLException {
        if (url == null || !url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
            throw invalid("not an abcast URL: " + url + " (expected " + URL_PREFIX + "h2:...)");
        }
        String rest = url.substring(URL_PREFIX.length());
        if (!rest.regionMatches(true, 0, H2_PREFIX.substring(5), 0, 3)) {
            throw invalid("abcast replicates H2 databases only: write " + URL_PREFIX + "h2:<database>, not " + url);
        }
        Map<AbcastProperty, String> values = new EnumMap<>(AbcastProperty.class);
        List<String> h2Parts = new ArrayList<>();
        for (String part : splitUrl(rest)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (key.regionMatches(true, 0, AbcastProperty.PREFIX, 0, AbcastProperty.PREFIX.length())) {
                put(values, key, eq < 0 ? "" : part.substring(eq + 1), "the URL");
            } else {
                h2Parts.add(part);
            }
        }
        Properties h2Info = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                if (key.regionMatches(true, 0, AbcastProperty.PREFIX, 0, AbcastProperty.PREFIX.length())) {
                    put(values, key, info.getProperty(key), "the connection properties");
                } else {
                    h2Info.setProperty(key, info.getProperty(key));
                }
            }
        }
        String h2Url = "jdbc:" + String.join(";", h2Parts);
        String database = h2Parts.get(0).substring(3);
        ConnectionSettings settings = new ConnectionSettings(h2Url, database, h2Info, values);
        settings.check();
        return settings;
    }

    /** Splits at {@code ;} but not at H2's escaped {@code \;}. */
    private static List<String> splitUrl(String url) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < url.length(); i++) {
            if (url.charAt(i) == ';' && (i == 0 || url.charAt(i - 1) != '\\')) {
                parts.add(url.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(url.substring(start));
        parts.removeIf(p -> p.isBlank());
        return parts;
    }

    private static void put(Map<AbcastProperty, String> values, String key, String value, String where)
            throws SQLException {
        AbcastProperty p = AbcastProperty.forKey(key);
        if (p == null) {
            throw invalid("unknown setting " + key + " in " + where + "; the abcast settings are: "
                    + AbcastProperty.keys());
        }
        String v = value.trim();
        String previous = values.put(p, v);
        if (previous != null && !previous.equals(v)) {
            throw invalid(p.key() + " is given twice, as " + previous + " and " + v + "; give it once");
        }
    }

    private void check() throws SQLException {
        String db = database.toLowerCase(Locale.ROOT);
        if (db.startsWith("tcp:") || db.startsWith("ssl:")) {
            throw invalid("abcast replicates an embedded H2 database; " + database + " is a remote server. "
                    + "Use a file or named in-memory database: " + URL_PREFIX + "h2:./data/db or h2:mem:name");
        }
        if (db.equals("mem:") || db.isEmpty()) {
            throw invalid("a private in-memory database cannot be replicated; name it: " + URL_PREFIX
                    + "h2:mem:<name>");
        }
        if (raw(AbcastProperty.CLUSTER) == null || raw(AbcastProperty.CLUSTER).isEmpty()) {
            throw invalid("abcast.cluster is required: add ;abcast.cluster=<name> to the URL "
                    + "(replicas with the same cluster name replicate each other)");
        }
        checkName(AbcastProperty.CLUSTER, cluster());
        checkName(AbcastProperty.NODE, node());
        for (String member : members()) {
            checkHostPort(AbcastProperty.MEMBERS, member);
        }
        checkHostPort(AbcastProperty.BIND, get(AbcastProperty.BIND));
        int size = number(AbcastProperty.SIZE);
        if (size < 1) {
            throw invalid("abcast.size must be at least 1, not " + size);
        }
        bigNumber(AbcastProperty.RETAINED_LOG_BYTES);
        if (number(AbcastProperty.MAX_TRANSACTION_BYTES) < 1024) {
            throw invalid("abcast.max_transaction_bytes must be at least 1024, not "
                    + get(AbcastProperty.MAX_TRANSACTION_BYTES));
        }
        if (number(AbcastProperty.TIMEOUT) < 1) {
            throw invalid("abcast.timeout must be a positive number of milliseconds, not " + get(AbcastProperty.TIMEOUT));
        }
        checkChoice(AbcastProperty.CONSISTENCY);
        checkChoice(AbcastProperty.INSECURE);
        String stack = stack();
        if (!Stacks.SHIPPED.contains(stack) && !Files.isRegularFile(Path.of(stack))) {
            throw invalid("abcast.stack=" + stack + " is neither a shipped stack " + Stacks.SHIPPED
                    + " nor a JGroups XML file that exists");
        }
    }

    private static void checkName(AbcastProperty p, String value) throws SQLException {
        if (!NAME.matcher(value).matches()) {
            throw invalid(p.key() + "=" + value + " is malformed: use letters, digits, '.', '_' and '-'");
        }
    }

    private static void checkHostPort(AbcastProperty p, String value) throws SQLException {
        try {
            HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(p.key() + " is malformed: " + e.getMessage() + "; expected host:port, e.g. 127.0.0.1:7800");
        }
    }

    private void checkChoice(AbcastProperty p) throws SQLException {
        String v = get(p).toLowerCase(Locale.ROOT);
        if (!p.choices().contains(v)) {
            throw invalid(p.key() + "=" + get(p) + " is not one of " + p.choices());
        }
    }

    private int number(AbcastProperty p) throws SQLException {
        try {
            return Integer.parseInt(get(p));
        } catch (NumberFormatException e) {
            throw invalid(p.key() + "=" + get(p) + " is not a whole number");
        }
    }

    private long bigNumber(AbcastProperty p) throws SQLException {
        try {
            long v = Long.parseLong(get(p));
            if (v < 0) {
                throw invalid(p.key() + "=" + get(p) + " cannot be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(p.key() + "=" + get(p) + " is not a whole number");
        }
    }

    private static SQLException invalid(String message) {
        return new SQLException(message, SqlStates.INVALID_SETTING);
    }

    private String raw(AbcastProperty p) {
        return values.get(p);
    }

    private String get(AbcastProperty p) {
        String v = values.get(p);
        return v == null || v.isEmpty() ? p.defaultValue() : v;
    }

    /** The H2 URL with abcast's settings removed. */
    public String h2Url() {
        return h2Url;
    }

    /** The connection properties for H2, without abcast's. */
    public Properties h2Info() {
        Properties copy = new Properties();
        copy.putAll(h2Info);
        return copy;
    }

    /** Identifies the replica's database in this JVM: an absolute path, or the in-memory name. */
    public String databaseKey() {
        String db = database;
        if (db.regionMatches(true, 0, "mem:", 0, 4)) {
            return db;
        }
        if (db.regionMatches(true, 0, "file:", 0, 5)) {
            db = db.substring(5);
        }
        if (db.startsWith("~")) {
            db = System.getProperty("user.home") + db.substring(1);
        }
        return Path.of(db).toAbsolutePath().normalize().toString();
    }

    public String cluster() {
        return raw(AbcastProperty.CLUSTER);
    }

    public String node() {
        String v = raw(AbcastProperty.NODE);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        String name = Path.of(databaseKey().replaceFirst("(?i)^mem:", "")).getFileName().toString();
        return (hostName() + "-" + name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public List<String> members() {
        List<String> members = new ArrayList<>();
        for (String m : get(AbcastProperty.MEMBERS).split(",")) {
            if (!m.isBlank()) {
                members.add(m.trim());
            }
        }
        return members;
    }

    public String stack() {
        return get(AbcastProperty.STACK);
    }

    /** The largest transaction, encoded, that is broadcast. */
    public long maxTransactionBytes() throws SQLException {
        return number(AbcastProperty.MAX_TRANSACTION_BYTES);
    }

    public Consistency consistency() {
        return Consistency.valueOf(get(AbcastProperty.CONSISTENCY).toUpperCase(Locale.ROOT));
    }

    /** The settings that make the replica (everything but those that only shape a connection). */
    public ReplicaConfig replicaConfig() throws SQLException {
        return new ReplicaConfig(cluster(), node(), stack(), get(AbcastProperty.BIND), members(),
                number(AbcastProperty.SIZE), h2Url, h2Info, Duration.ofMillis(number(AbcastProperty.TIMEOUT)),
                bigNumber(AbcastProperty.RETAINED_LOG_BYTES))
                .withSecurity(secret(), Boolean.parseBoolean(get(AbcastProperty.INSECURE)));
    }

    /** The cluster secret: from abcast.secret_file, else from the environment, else none. */
    private ClusterSecret secret() throws SQLException {
        String file = get(AbcastProperty.SECRET_FILE);
        if (file != null && !file.isBlank()) {
            return ClusterSecret.fromFile(Path.of(file));
        }
        return ClusterSecret.fromEnvironment();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
