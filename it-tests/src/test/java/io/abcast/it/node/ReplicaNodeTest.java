package io.abcast.it.node;

import io.abcast.it.harness.Http;
import io.abcast.replicator.ReplicaNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The standalone node's command line in this JVM: settings from a file and flags, its status endpoint, stopping. */
class ReplicaNodeTest {

    @TempDir
    Path dir;

    @Test
    void aSettingTheFileDoesNotKnowIsRefused() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "cluster=c\nnode=n1\ndata=" + dir + "\nhttp_port=8080\n");
        assertThat(run("--config", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown setting(s) [http_port]").contains("http-port");
    }

    @Test
    void aMissingSettingIsNamed() {
        assertThat(run("--node", "n1", "--data", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cluster");
    }

    @Test
    void theFileGivesSettingsFlagsWinAndStatusIsServedUntilQuit() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("node.properties");
        Files.writeString(file, String.join("\n", "cluster=file-" + UUID.randomUUID(), "node=from-file",
                "data=" + dir.resolve("data"), "stack=in-jvm", "size=1", "http-port=" + port, "http-host=127.0.0.1",
                "password=x", ""));
        PipedOutputStream commands = new PipedOutputStream();
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setIn(new PipedInputStream(commands));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Integer> node = CompletableFuture.supplyAsync(() -> ReplicaNode.run("--config",
                    file.toString(), "--node", "from-flag"));
            await().atMost(Duration.ofSeconds(60)).until(() -> out.toString(StandardCharsets.UTF_8).contains("READY"));
            Map<String, String> status = Http.json(Http.get("http://127.0.0.1:" + port + "/status",
                    Duration.ofSeconds(10)).body());
            assertThat(status).containsEntry("node", "from-flag").containsEntry("size", "1")
                    .containsEntry("members", "from-flag").containsEntry("sequencer", "from-flag")
                    .containsEntry("primary", "true").containsEntry("failure", "null").containsEntry("lag", "0")
                    .containsKeys("hash", "digest");
            assertThat(status.get("cluster")).startsWith("file-");
            assertThat(Http.get("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(5)).code()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5)).code()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + port + "/nope", Duration.ofSeconds(5)).code()).isEqualTo(404);
            commands.write("status\nquit\n".getBytes(StandardCharsets.UTF_8));
            commands.flush();
            assertThat(node.get(60, TimeUnit.SECONDS)).isZero();
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("STARTED node=from-flag", "READY node=from-flag", "STATUS node=from-flag position=",
                "STOPPED node=from-flag");
        assertThat(printed).containsPattern("(?m)^STATUS node=from-flag position=\\d+ hash=\\S* digest=\\S+ lag=0"
                + " members=from-flag primary=true$");
    }

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ReplicaNode.run(args);
        } finally {
            System.setErr(stderr);
        }
    }
}
