package io.abcast.replicator.internal;

import io.abcast.replicator.ClusterSecret;
import io.abcast.replicator.ReplicaConfig;
import io.abcast.replicator.SqlStates;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.conf.ProtocolStackConfigurator;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.BasicTCP;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.Encrypt;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.stack.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Closes a replica's JGroups stack to processes without the cluster secret. With a secret, it adds
 * {@link SecretEncrypt} and SERIALIZE directly above the transport (every message sealed whole with AES-GCM) and AUTH
 * below GMS (every join and merge proves the secret with a {@link SecretToken}). Without one, it lets a loopback-only
 * cluster run and says so, and refuses any other unless {@code insecure} allows it.
 */
final class StackSecurity implements ProtocolStackConfigurator {

    private static final Logger LOG = LoggerFactory.getLogger(StackSecurity.class);

    private static final int KEY_BYTES = 32;

    private final String xml;

    private final List<ProtocolConfiguration> protocols;

    private final byte[] encryptionKey;

    private final byte[] authenticationKey;

    private StackSecurity(String xml, List<ProtocolConfiguration> protocols, byte[] keys) {
        this.xml = xml;
        this.protocols = protocols;
        this.encryptionKey = keys == null ? null : Arrays.copyOfRange(keys, 0, KEY_BYTES);
        this.authenticationKey = keys == null ? null : Arrays.copyOfRange(keys, KEY_BYTES, 2 * KEY_BYTES);
    }

    /**
     * The stack to build for this replica: {@code protocols} (from {@code xml}, transport first) with the protocols
     * of the cluster secret added, or as it is where that is allowed.
     *
     * @throws SQLException (28000) if the cluster is not loopback-only, has no secret and is not allowed to be
     *                      insecure; (08001) if the stack brings its own encryption and a secret is given as well
     */
    static StackSecurity apply(ReplicaConfig config, String xml, List<ProtocolConfiguration> given)
            throws SQLException {
        List<ProtocolConfiguration> protocols = new ArrayList<>(given);
        protocols.forEach(ProtocolConfiguration::substituteVariables);
        String ownEncryption = protocols.stream().filter(p -> is(p, Encrypt.class))
                .map(ProtocolConfiguration::getProtocolName).findFirst().orElse(null);
        ClusterSecret secret = config.secret();
        if (secret != null && ownEncryption != null) {
            throw new SQLException(config.node() + ": the stack " + config.stack() + " has its own " + ownEncryption
                    + " and a cluster secret is given as well; remove one of them", "08001");
        }
        if (secret != null) {
            secure(config, protocols);
            LOG.info("{}: cluster {} traffic is encrypted and authenticated (AES-256-GCM, AUTH), secret from {}",
                    config.node(), config.cluster(), secret.source());
            return new StackSecurity(xml, protocols, secret.deriveKeys(config.cluster(), 2 * KEY_BYTES));
        }
        if (ownEncryption != null) {
            LOG.info("{}: cluster {} traffic is protected by the stack's own {}", config.node(), config.cluster(),
                    ownEncryption);
        } else if (isLoopbackOnly(protocols)) {
            LOG.info("{}: cluster {} is loopback-only and runs without a secret: its traffic is neither encrypted nor"
                    + " authenticated, any local process can join; set abcast.secret_file or {} before using a"
                    + " network address", config.node(), config.cluster(), ClusterSecret.ENVIRONMENT_VARIABLE);
        } else if (config.insecure()) {
            LOG.warn("{}: INSECURE: cluster {} reaches beyond loopback without a secret (abcast.insecure=true): any"
                    + " process that reaches its port can join, read every write and inject SQL", config.node(),
                    config.cluster());
        } else {
            throw new SQLException(config.node() + ": cluster " + config.cluster() + " is not loopback-only (bind "
                    + config.bind() + ", members " + config.members() + ", stack " + config.stack() + ") and has no"
                    + " secret: give every member the same secret with abcast.secret_file=<file> or the environment"
                    + " variable " + ClusterSecret.ENVIRONMENT_VARIABLE + " (at least " + ClusterSecret.MIN_LENGTH
                    + " characters), or set abcast.insecure=true to run unencrypted on a network you trust",
                    SqlStates.INVALID_AUTHORIZATION);
        }
        return new StackSecurity(xml, protocols, null);
    }

    private static void secure(ReplicaConfig config, List<ProtocolConfiguration> protocols) throws SQLException {
        int gms = -1;
        for (int i = 0; i < protocols.size(); i++) {
            if (is(protocols.get(i), GMS.class)) {
                gms = i;
            }
        }
        if (gms < 0) {
            throw new SQLException(config.node() + ": the stack " + config.stack() + " has no GMS protocol to"
                    + " authenticate joins at", "08001");
        }
        ClassLoader loader = StackSecurity.class.getClassLoader();
        protocols.add(gms, new ProtocolConfiguration(AUTH.class.getName(), new HashMap<>(), loader));
        protocols.add(1, new ProtocolConfiguration("SERIALIZE", new HashMap<>(), loader));
        protocols.add(1, new ProtocolConfiguration(SecretEncrypt.class.getName(), new HashMap<>(), loader));
    }

    /**
     * Whether no process outside this machine can reach the cluster: a shared-loopback transport, or a TCP transport
     * bound to a loopback address whose every initial host is a loopback address.
     */
    static boolean isLoopbackOnly(List<ProtocolConfiguration> protocols) {
        Class<?> transport = protocolClass(protocols.get(0));
        if (transport != null && SHARED_LOOPBACK.class.isAssignableFrom(transport)) {
            return true;
        }
        if (transport == null || !BasicTCP.class.isAssignableFrom(transport)) {
            return false;
        }
        if (!isLoopback(protocols.get(0).getProperties().get("bind_addr"))) {
            return false;
        }
        for (ProtocolConfiguration p : protocols) {
            if (is(p, TCPPING.class)) {
                String hosts = p.getProperties().getOrDefault("initial_hosts", "");
                for (String host : hosts.split(",")) {
                    int bracket = host.indexOf('[');
                    if (!host.isBlank() && !isLoopback((bracket < 0 ? host : host.substring(0, bracket)).strip())) {
                        return false;
                    }
                }
            } else if (is(p, Discovery.class)) {
                return false; // another discovery (multicast, a file, a cloud store) may find members anywhere
            }
        }
        return true;
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // JGroups picks an address of its own
        }
        String h = host.strip();
        if (h.equalsIgnoreCase("loopback")) {
            return true; // JGroups' keyword for the loopback interface
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static Class<?> protocolClass(ProtocolConfiguration p) {
        try {
            return p.loadProtocolClass(StackSecurity.class);
        } catch (Exception e) {
            return null; // JGroups reports it when it builds the stack
        }
    }

    private static boolean is(ProtocolConfiguration p, Class<?> type) {
        Class<?> c = protocolClass(p);
        return c != null && type.isAssignableFrom(c);
    }

    @Override
    public String getProtocolStackString() {
        return xml;
    }

    @Override
    public List<ProtocolConfiguration> getProtocolStack() {
        return protocols;
    }

    @Override
    public void afterCreation(Protocol protocol) {
        if (protocol instanceof SecretEncrypt encrypt) {
            encrypt.setSecretKey(new SecretKeySpec(encryptionKey, "AES"));
        } else if (protocol instanceof AUTH auth) {
            auth.setAuthToken(new SecretToken(authenticationKey));
            auth.getAuthToken().setAuth(auth);
        }
    }
}
