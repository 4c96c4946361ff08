package io.abcast.replicator.internal;

import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.EncryptHeader;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.Key;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JGroups' symmetric encryption with authenticated encryption: AES-GCM with a 12-byte random IV per message and a
 * 128-bit tag, keyed from the cluster secret. Placed directly above the transport with SERIALIZE above it, it seals
 * every message whole (payload and every header above it), so a message that was not sealed with the cluster's key,
 * or was changed on the way, fails its tag and is dropped. SYM_ENCRYPT's CBC mode would decrypt a forgery into
 * garbage instead of rejecting it.
 *
 * <p>Counts what it rejects: messages without its header, under another key, failing the tag, or without a sealed
 * payload.
 */
@SuppressWarnings("unchecked") // SYM_ENCRYPT's own setKeyStoreEntry overrides Encrypt's generic one unchecked
public final class SecretEncrypt extends SYM_ENCRYPT {

    /** The transformation used. */
    static final String ALGORITHM = "AES/GCM/NoPadding";

    private static final short PROTOCOL_ID = 1931;

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final long LOG_EVERY_MILLIS = 10_000;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, SecretEncrypt.class);
    }

    private final AtomicLong rejected = new AtomicLong();

    private volatile long lastLogged;

    public SecretEncrypt() {
        sym_algorithm = ALGORITHM;
        sym_iv_length = IV_BYTES;
    }

    /** How many incoming messages were rejected since start. */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public Object up(Message msg) {
        if (msg.getHeader(id) == null) {
            reject("a message without encryption header", msg);
            return null;
        }
        return super.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(msg -> {
            if (msg.getHeader(id) == null) {
                reject("a message without encryption header", msg);
                return true;
            }
            return false;
        }, false);
        if (!batch.isEmpty()) {
            super.up(batch);
        }
    }

    @Override
    protected Message decrypt(Cipher cipher, Message msg) throws Exception {
        Message plain;
        try {
            plain = super.decrypt(cipher, msg);
        } catch (Exception e) {
            reject("a message that fails authentication (" + e.getClass().getSimpleName() + ")", msg);
            throw e;
        }
        if (plain == null) {
            reject("a message sealed with another key", msg);
        }
        return plain;
    }

    @Override
    protected Message _decrypt(Cipher cipher, Key key, Message msg, EncryptHeader hdr) throws Exception {
        if (!msg.hasPayload() || hdr.iv() == null || hdr.iv().length != IV_BYTES) {
            // Every message this protocol sends carries a sealed payload (SERIALIZE is above it).
            throw new SecurityException("no sealed payload");
        }
        byte[] plain;
        if (cipher != null) {
            // A batch: the caller took this cipher from the pool for the whole batch.
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, hdr.iv()));
            plain = cipher.doFinal(msg.getArray(), msg.getOffset(), msg.getLength());
        } else {
            plain = run(Cipher.DECRYPT_MODE, key, hdr.iv(), msg.getArray(), msg.getOffset(), msg.getLength());
        }
        if (hdr.needsDeserialization()) {
            return Util.messageFromBuffer(plain, 0, plain.length);
        }
        return msg.setArray(plain, 0, plain.length);
    }

    @Override
    protected byte[] code(byte[] buf, int offset, int length, byte[] iv, boolean decode) throws Exception {
        return run(decode ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, secret_key, iv, buf, offset, length);
    }

    private byte[] run(int mode, Key key, byte[] iv, byte[] buf, int offset, int length) throws Exception {
        BlockingQueue<Cipher> pool = mode == Cipher.DECRYPT_MODE ? decoding_ciphers : encoding_ciphers;
        Cipher cipher = pool.take();
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            return cipher.doFinal(buf, offset, length);
        } finally {
            pool.offer(cipher);
        }
    }

    private void reject(String what, Message msg) {
        long count = rejected.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastLogged >= LOG_EVERY_MILLIS) {
            lastLogged = now;
            log.warn("%s: rejected %s from %s (%d rejected so far): is a process without the cluster secret, or with"
                    + " another one, sending to this node?", local_addr, what, msg.getSrc(), count);
        }
    }
}
