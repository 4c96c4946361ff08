package io.abcast.replicator.internal;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.jgroups.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The token JGroups' AUTH checks on every join and merge: an HMAC-SHA-256, under a key derived from the cluster
 * secret, of the sender's address. Only a holder of the secret can make one, and one made for an address is worthless
 * for another. It travels inside the sealed traffic of {@link SecretEncrypt}, so it cannot be read off the wire.
 */
public final class SecretToken extends AuthToken {

    private static final int PROOF_BYTES = 32;

    private final byte[] key;

    private byte[] proof;

    /** For JGroups, which reads a received token into an instance made with this constructor. */
    public SecretToken() {
        this.key = null;
    }

    /** The local token, able to prove and to check. */
    public SecretToken(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public String getName() {
        return getClass().getName();
    }

    @Override
    public int size() {
        return PROOF_BYTES;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        if (token == this && key != null) {
            // The member's own request handed to itself without leaving the JVM (a merge leader asks itself too).
            return true;
        }
        if (key == null || !(token instanceof SecretToken other) || other.proof == null || msg.getSrc() == null) {
            return false;
        }
        return MessageDigest.isEqual(other.proof, proofFor(msg.getSrc()));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        Address self = auth == null ? null : auth.getAddress();
        if (key == null || self == null) {
            throw new IOException("only the local token with a key and an address can be sent");
        }
        out.write(proofFor(self));
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        proof = new byte[PROOF_BYTES];
        in.readFully(proof);
    }

    byte[] proofFor(Address address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("abcast member ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mac.update(identity(address));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks HmacSHA256, which every Java 17 has", e);
        }
    }

    private static byte[] identity(Address address) {
        if (address instanceof UUID uuid) {
            return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
        }
        return address.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretToken";
    }
}
