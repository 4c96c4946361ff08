package io.abcast.replicator;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The secret every member of a cluster shares: the keys that encrypt and authenticate its traffic are derived from it
 * and the cluster name. It is read from a file or from the environment, never from a URL, and never printed:
 * {@link #toString()} names only where it came from.
 */
public final class ClusterSecret {

    /** The environment variable a secret is read from when no file is named. */
    public static final String ENVIRONMENT_VARIABLE = "ABCAST_SECRET";

    /** The shortest secret accepted, in characters. */
    public static final int MIN_LENGTH = 16;

    private static final int ITERATIONS = 100_000;

    private final char[] secret;

    private final String source;

    private ClusterSecret(char[] secret, String source) throws SQLException {
        if (secret.length < MIN_LENGTH) {
            throw new SQLException("the cluster secret from " + source + " has " + secret.length
                    + " characters; use at least " + MIN_LENGTH + ", for example the output of"
                    + " 'openssl rand -base64 32'", SqlStates.INVALID_AUTHORIZATION);
        }
        this.secret = secret;
        this.source = source;
    }

    /** A secret given directly; {@code source} says where it came from, for messages. */
    public static ClusterSecret of(String secret, String source) throws SQLException {
        return new ClusterSecret(secret.strip().toCharArray(), source);
    }

    /** The secret in this file (surrounding white space, such as a final newline, is not part of it). */
    public static ClusterSecret fromFile(Path file) throws SQLException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read the cluster secret file " + file.toAbsolutePath() + ": " + e
                    + "; check abcast.secret_file", SqlStates.INVALID_AUTHORIZATION, e);
        }
        return of(text, "file " + file.toAbsolutePath());
    }

    /** The secret in {@value #ENVIRONMENT_VARIABLE}, or null when it is not set. */
    public static ClusterSecret fromEnvironment() throws SQLException {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return null;
        }
        return of(value, "environment variable " + ENVIRONMENT_VARIABLE);
    }

    /** Where the secret came from, for log lines. */
    public String source() {
        return source;
    }

    /**
     * The key material of a cluster: {@code length} bytes derived from the secret with PBKDF2 (HMAC-SHA-256), salted
     * with the cluster name, so one secret gives each cluster its own keys.
     */
    public byte[] deriveKeys(String cluster, int length) {
        PBEKeySpec spec = new PBEKeySpec(secret, ("abcast cluster " + cluster).getBytes(StandardCharsets.UTF_8),
                ITERATIONS, length * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256, which every Java 17 has", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecret other && Arrays.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "ClusterSecret[from " + source + "]";
    }
}
