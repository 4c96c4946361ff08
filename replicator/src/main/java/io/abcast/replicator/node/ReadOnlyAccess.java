package io.abcast.replicator.node;

import io.abcast.replicator.LocalTransaction;
import io.abcast.replicator.Replica;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The replica's database, read-only, for ordinary tools: H2's TCP server ({@code jdbc:h2:tcp://HOST:PORT/replica})
 * for one dedicated H2 user that holds the SELECT right on every schema and nothing else, so that no row or schema
 * change made there can bypass replication (H2 refuses INSERT, UPDATE, DELETE, DDL, SCRIPT, file functions with error
 * 90096 or 90040). The server opens no other database ({@code -key}) and creates none.
 *
 * <h2>Known hole: sequences</h2>
 * H2 checks no right on sequences: the reader can draw {@code NEXT VALUE FOR} any sequence made with
 * {@code CREATE SEQUENCE} (identity columns' own sequences cannot be named), which advances it on this replica alone,
 * so its digest and its later draws from that sequence differ from its peers'. Not closed yet; documented in
 * docs/operations.md.
 *
 * <h2>Credentials</h2>
 * H2's server lets any user of the database log in, the replica's own (admin) user too, which may write: so the
 * server is only started when that user has a password, and that password must stay the node's. The reader's
 * password is another.
 *
 * <h2>Keeping it so</h2>
 * The user and its rights live in the replica's database but outside replication: this node creates them, and checks
 * them again every few seconds (a new schema needs its right) and right after a re-seed from a peer's snapshot, which
 * drops them: the reader cannot log in from the snapshot's installation until then (well under a second).
 * They are not part of the data digest. A snapshot this node serves carries the user (H2's SCRIPT does), as it carries
 * the admin user; a peer that exposes no server cannot be logged into by it.
 *
 * <h2>Locks</h2>
 * {@code SELECT ... FOR UPDATE} needs only the SELECT right in H2 and takes row locks. A reader must never hold the
 * applier up (it would stop the replica), so the reader's sessions are registered as one local transaction: when the
 * applier finds a row locked, every session of the reader is aborted and the command applied again.
 *
 * <h2>Not offered</h2>
 * H2's PG server sets database-wide settings ({@code MODE}, {@code DEFAULT_NULL_ORDERING}) when a session opens and
 * needs admin rights to do so: on a live replica it would change how replicated commands execute, so the node does
 * not serve the replica through it.
 */
public final class ReadOnlyAccess implements AutoCloseable {

    /** The database name clients give: {@code jdbc:h2:tcp://HOST:PORT/replica}. */
    public static final String DATABASE = "replica";

    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyAccess.class);
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final long UPKEEP_SECONDS = 5;
    /** How often the replica's count of re-seeds is looked at (in memory, cheap). */
    private static final long RESEED_POLL_MILLIS = 200;

    private final Replica replica;
    private final String user;
    private final String password;
    private final String databaseUrl;
    private final Connection upkeepConnection;
    private final Connection abortConnection;
    private final LocalTransaction readers = this::abortReaders;
    private final ScheduledExecutorService upkeep;
    private Server tcp;
    /** The replica's count of re-seeds when the reader was last ensured; only the upkeep thread touches it. */
    private long reseeds;

    private ReadOnlyAccess(Replica replica, String user, String password) throws SQLException {
        this.replica = replica;
        this.user = user.toUpperCase(Locale.ROOT);
        this.password = password;
        this.databaseUrl = replica.config().h2Url();
        this.upkeepConnection = replica.openH2();
        this.abortConnection = replica.openH2();
        this.upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "abcast-node-readers");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the reader (or checks it), then serves the database on the port.
     *
     * @param port        the TCP port (0: any free one)
     * @param allowOthers whether other hosts may connect (else loopback only)
     * @throws IllegalArgumentException if the replica's own user has no password (anyone could log in as it over the
     *                                  port and write, bypassing replication), or the reader is that user, or has no
     *                                  password
     */
    public static ReadOnlyAccess start(Replica replica, String user, String password, int port, boolean allowOthers)
            throws SQLException {
        Properties own = replica.config().h2Info();
        String adminUser = own.getProperty("user", "");
        String adminPassword = own.getProperty("password", "");
        if (adminPassword.isEmpty()) {
            throw new IllegalArgumentException("the SQL port needs a password on the replica's own H2 user "
                    + adminUser + " (password or password-file): the server lets any user of the database log in,"
                    + " and that one may write, bypassing replication");
        }
        if (adminPassword.equals(password)) {
            throw new IllegalArgumentException("the reader's password must not be the replica's own user's");
        }
        if (!USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("reader user name '" + user + "': letters, digits and _ only,"
                    + " starting with a letter");
        }
        if (user.equalsIgnoreCase(adminUser)) {
            throw new IllegalArgumentException("the reader user must not be the replica's own user " + adminUser
                    + ": that one may write, bypassing replication");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the reader user needs a password (reader-password or"
                    + " reader-password-file)");
        }
        ReadOnlyAccess access = new ReadOnlyAccess(replica, user, password);
        try {
            access.reseeds = replica.metrics().reseeds();
            access.ensureReader();
            replica.register(access.readers);
            access.upkeep.scheduleWithFixedDelay(access::upkeepQuietly, UPKEEP_SECONDS, UPKEEP_SECONDS,
                    TimeUnit.SECONDS);
            access.upkeep.scheduleWithFixedDelay(access::afterReseed, RESEED_POLL_MILLIS, RESEED_POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
            access.tcp = startTcp(access.databaseName(), port, allowOthers);
            LOG.info("{}: read-only SQL for user {} on {} (jdbc:h2:tcp://HOST:{}/{})", replica.node(), access.user,
                    access.tcp.getURL(), access.tcp.getPort(), DATABASE);
            return access;
        } catch (SQLException | RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /** The port the TCP server listens on. */
    public int port() {
        return tcp.getPort();
    }

    /** The reader's user name, as H2 knows it (upper case). */
    public String user() {
        return user;
    }

    private static Server startTcp(String database, int port, boolean allowOthers) throws SQLException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        List<String> args = new ArrayList<>(List.of("-tcpPort", Integer.toString(port), "-tcpDaemon", "-ifExists",
                "-key", DATABASE, database,
                // Nobody may shut the server down remotely: the management password is random and never shown.
                "-tcpPassword", HexFormat.of().formatHex(secret)));
        if (allowOthers) {
            args.add("-tcpAllowOthers");
        }
        if (port == 0) {
            args.set(1, Integer.toString(freePort()));
        }
        return Server.createTcpServer(args.toArray(String[]::new)).start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port: " + e, e);
        }
    }

    /** The database part of the replica's H2 URL, as H2's server names it ({@code /data/n1}). */
    private String databaseName() {
        String name = databaseUrl.substring("jdbc:h2:".length());
        int settings = name.indexOf(';');
        return settings < 0 ? name : name.substring(0, settings);
    }

    /** Ensures the reader again once the replica was re-seeded from a peer's snapshot (which has no reader). */
    private void afterReseed() {
        long now = replica.metrics().reseeds();
        if (now != reseeds) {
            reseeds = now;
            upkeepQuietly();
        }
    }

    private void upkeepQuietly() {
        try {
            ensureReader();
        } catch (Exception e) {
            LOG.warn("{}: could not check the read-only user {}: {}", replica.node(), user, e.toString());
        }
    }

    /**
     * Makes sure the reader exists, is no admin, logs in with its password, and may read every schema. Issues DDL only
     * for what is missing.
     */
    synchronized void ensureReader() throws SQLException {
        Connection conn = upkeepConnection;
        String quoted = '"' + user + '"';
        Boolean admin = null;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    admin = rs.getBoolean(1);
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            if (admin == null) {
                st.execute("CREATE USER " + quoted + " PASSWORD " + literal(password));
                LOG.info("{}: created the read-only user {}", replica.node(), user);
            } else {
                if (admin) {
                    st.execute("ALTER USER " + quoted + " ADMIN FALSE");
                }
                if (!passwordWorks()) {
                    st.execute("ALTER USER " + quoted + " SET PASSWORD " + literal(password));
                    LOG.info("{}: reset the read-only user's password", replica.node());
                }
            }
            for (String schema : schemasWithoutSelect(conn)) {
                st.execute("GRANT SELECT ON SCHEMA \"" + schema.replace("\"", "\"\"") + "\" TO " + quoted);
            }
        }
        if (!conn.getAutoCommit()) {
            conn.commit();
        }
    }

    private boolean passwordWorks() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", password);
        try (Connection c = new org.h2.Driver().connect(databaseUrl + ";IFEXISTS=TRUE", info)) {
            return c != null;
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD) {
                return false;
            }
            throw e;
        }
    }

    private List<String> schemasWithoutSelect(Connection conn) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA S"
                + " WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA' AND NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.RIGHTS R"
                + " WHERE R.GRANTEE = ? AND R.TABLE_SCHEMA = S.SCHEMA_NAME AND R.RIGHTS LIKE '%SELECT%')")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        return missing;
    }

    /**
     * Aborts every session of the reader (called on the applier's thread when a lock holds it up): rolls back what
     * they hold and closes them; their clients see the session closed.
     */
    private void abortReaders() {
        synchronized (abortConnection) {
            try (PreparedStatement find = abortConnection.prepareStatement(
                    "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = ?");
                 PreparedStatement abort = abortConnection.prepareStatement("CALL ABORT_SESSION(?)")) {
                find.setString(1, user);
                List<Integer> ids = new ArrayList<>();
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
                for (int id : ids) {
                    abort.setInt(1, id);
                    abort.execute();
                }
                if (!ids.isEmpty()) {
                    LOG.info("{}: aborted {} session(s) of the read-only user {}: their locks held the applier up",
                            replica.node(), ids.size(), user);
                }
            } catch (SQLException e) {
                LOG.warn("{}: could not abort the read-only user's sessions: {}", replica.node(), e.toString());
            }
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        upkeep.shutdownNow();
        replica.unregister(readers);
        if (tcp != null) {
            tcp.stop();
        }
        closeQuietly(upkeepConnection);
        synchronized (abortConnection) {
            closeQuietly(abortConnection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
