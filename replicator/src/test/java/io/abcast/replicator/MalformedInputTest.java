package io.abcast.replicator;

import io.abcast.replicator.internal.CommandCodec;
import io.abcast.replicator.internal.GuardedTcp;
import org.jgroups.BytesMessage;
import org.jgroups.Version;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.TpHeader;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.Util;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and oversized input, from a stranger on the network and from a member, is rejected without harming a
 * replica: afterwards every replica still applies writes, and they agree.
 */
class MalformedInputTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", Instant.EPOCH, 1);

    private static final int DECLARED_PAYLOAD = 256 << 20;

    private final AtomicLong requests = new AtomicLong();

    private final Random random = new Random(7);

    @Test
    void strangersAndMembersSendingJunkHarmNoReplica() throws Exception {
        ClusterSecret secret = ClusterSecret.of("correct horse battery staple", "the test");
        try (TcpCluster cluster = TcpCluster.of(2)) {
            Replica n1 = cluster.start(0, 2, secret);
            Replica n2 = cluster.start(1, 2, secret);
            assertThat(n1.awaitMembers(2, Duration.ofSeconds(30))).isTrue();
            run(n1, "CREATE TABLE T(V VARCHAR PRIMARY KEY)");
            int port = cluster.ports.get(0);
            List<Socket> open = new ArrayList<>();
            try {
                // Not JGroups at all: the connection is closed.
                Socket junk = connect(port);
                junk.getOutputStream().write(randomBytes(4096));
                awaitClosed(junk);
                // A frame announcing 2 GB: refused by its length alone.
                Socket huge = connect(port);
                DataOutputStream out = greet(huge, port);
                out.writeInt(Integer.MAX_VALUE);
                out.flush();
                awaitClosed(huge);
                // Small frames whose message claims a 256 MB payload: nothing stays allocated while they wait.
                for (int i = 0; i < 2; i++) {
                    Socket liar = connect(port);
                    open.add(liar);
                    frame(greet(liar, port), lyingMessage());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    return rt.totalMemory() - rt.freeMemory() < DECLARED_PAYLOAD;
                });
                // Well-formed JGroups, not sealed with the cluster's key: rejected.
                long rejected = n1.rejectedMessages();
                Socket stranger = connect(port);
                open.add(stranger);
                BytesMessage unsealed = new BytesMessage(null, CommandCodec.encode(command(n1, "INSERT INTO T VALUES ('x')")));
                unsealed.setSrc(org.jgroups.util.UUID.randomUUID());
                unsealed.putHeader(ClassConfigurator.getProtocolId(GuardedTcp.class), new TpHeader(cluster.name));
                frame(greet(stranger, port), message(unsealed));
                await().atMost(Duration.ofSeconds(30)).until(() -> n1.rejectedMessages() > rejected);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            // A member broadcasting junk in the total order: every replica skips the same bytes.
            long before = n1.appliedPosition();
            byte[] valid = CommandCodec.encode(command(n2, "INSERT INTO T VALUES ('truncated')"));
            n2.broadcastRaw(randomBytes(100));
            n2.broadcastRaw(Arrays.copyOf(valid, valid.length - 3));
            n2.broadcastRaw(randomBytes(6 << 20));
            run(n2, "INSERT INTO T VALUES ('after')");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> n1.appliedPosition() == before + 1 && n2.appliedPosition() == before + 1);
            assertThat(n1.state()).isEqualTo(n2.state());
            assertThat(rows(n1)).containsExactly("after");
            assertThat(rows(n2)).containsExactly("after");
            assertThat(n1.status().members()).containsExactlyInAnyOrder("n1", "n2");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    /** What a JGroups TCP peer sends first: the cookie, the version and its own address. */
    private static DataOutputStream greet(Socket s, int port) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        IpAddress self = new IpAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        out.write("bela".getBytes(StandardCharsets.US_ASCII));
        out.writeShort(Version.version);
        out.writeShort(self.serializedSize());
        self.writeTo(out);
        out.flush();
        return out;
    }

    private static void frame(DataOutputStream out, byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    private static byte[] message(BytesMessage message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Util.writeMessage(message, new DataOutputStream(bytes), true);
        return bytes.toByteArray();
    }

    /** A message whose payload length field says 256 MB, with the payload itself missing. */
    private static byte[] lyingMessage() throws IOException {
        byte[] honest = message(new BytesMessage(null, new byte[16]));
        byte[] lie = Arrays.copyOf(honest, honest.length - 16);
        int at = lie.length - 4;
        for (int k = 0; k < 4; k++) {
            lie[at + k] = (byte) (DECLARED_PAYLOAD >>> (24 - 8 * k));
        }
        return lie;
    }

    private static void awaitClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) {
                // a closed connection ends the stream; the server sends nothing of interest before
            }
        } catch (SocketException reset) {
            // closed by a reset: closed as well
        } finally {
            s.close();
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Command command(Replica origin, String sql) {
        return new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()), CONTEXT,
                List.of(SqlCall.statement(SqlCall.Method.UPDATE, sql, KeyRequest.NONE)));
    }

    private void run(Replica origin, String sql) throws Exception {
        Outcome outcome = origin.submit(command(origin, sql)).get(30, TimeUnit.SECONDS);
        assertThat(outcome.failed()).as("outcome of %s", sql).isFalse();
    }

    private static List<String> rows(Replica r) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = r.openH2(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT V FROM T ORDER BY V")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
