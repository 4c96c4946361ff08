package io.abcast.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a read on a node that applies late sees, by consistency level. */
class ConsistencyTest {

    @TempDir
    Path dir;

    @Test
    void aLinearizableReadSeesAWriteAcknowledgedElsewhereWhereALocalReadMayNot() throws Exception {
        String stack;
        try (InputStream in = getClass().getResourceAsStream("/io/abcast/replicator/in-jvm.xml")) {
            stack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path delayed = Files.writeString(dir.resolve("delayed.xml"), stack.replace("<SHARED_LOOPBACK_PING/>",
                "<DELAY in_delay=\"1500\" constant_delay=\"true\"/>\n  <SHARED_LOOPBACK_PING/>"));
        try (DriverCluster cluster = DriverCluster.start(3, Map.of(3, delayed.toString()))) {
            try (Connection c = cluster.connect(1)) {
                c.createStatement().executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY)");
                cluster.awaitEverywhere(c.unwrap(ReplicatedConnection.class).lastWritePosition());
            }
            try (Connection writer = cluster.connect(1);
                 Connection local = DriverManager.getConnection(cluster.url(3) + ";abcast.consistency=local", "sa", "");
                 Connection linearizable = DriverManager.getConnection(cluster.url(3)
                         + ";abcast.consistency=linearizable", "sa", "")) {
                writer.createStatement().executeUpdate("INSERT INTO T VALUES (1)");
                // n3 receives everything 1.5 s late: acknowledged by n1 and n2, not yet applied on n3
                assertThat(DriverCluster.rows(local, "SELECT COUNT(*) FROM T")).containsExactly(List.of(0L));
                assertThat(DriverCluster.rows(linearizable, "SELECT COUNT(*) FROM T")).containsExactly(List.of(1L));
            }
        }
    }
}
