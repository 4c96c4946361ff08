package io.abcast.jdbc;

import io.abcast.jdbc.internal.sql.Classification;
import io.abcast.jdbc.internal.sql.Classifier;
import io.abcast.jdbc.internal.sql.StatementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the corpus of H2 statements (src/test/resources/corpus/h2-statements.sql) through a 3-replica cluster whose
 * third replica receives everything a second late, and through plain H2: each statement gets its expected outcome,
 * the caller's results equal plain H2's, refused statements reach no replica, and all replicas end identical.
 */
class DeterminismCorpusTest {

    @TempDir
    Path dir;

    @Test
    void everyStatementOfTheCorpusGetsItsOutcomeAndReplicasEndIdentical() throws Exception {
        List<CorpusEntry> corpus = CorpusEntry.load("/corpus/h2-statements.sql");
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        try (DriverCluster cluster = DriverCluster.start(3, Map.of(3, delayedStack().toString()));
             Connection abcast = cluster.connect(1);
             Connection plain = DriverManager.getConnection("jdbc:h2:mem:reference-" + UUID.randomUUID(), "sa", "")) {
            ReplicatedConnection replicated = abcast.unwrap(ReplicatedConnection.class);
            long broadcast = replicated.replicaStatus().position();
            for (CorpusEntry entry : corpus) {
                checkKind(entry);
                long before = replicated.replicaStatus().position();
                if (entry.outcome().equals("refused")) {
                    CorpusResult refused = CorpusResult.of(abcast, entry.sql());
                    assertThat(refused.sqlState()).as(entry + ": refused with 0A000").isEqualTo("0A000");
                    assertThat(refused.message()).as(entry + ": the refusal names the construct")
                            .containsIgnoringCase(entry.fragment());
                    assertThat(replicated.replicaStatus().position()).as(entry + ": nothing broadcast")
                            .isEqualTo(before);
                    continue;
                }
                CorpusResult expected = CorpusResult.of(plain, entry.sql());
                CorpusResult actual = CorpusResult.of(abcast, entry.sql());
                if (entry.outcome().equals("error")) {
                    assertThat(expected.sqlState()).as(entry + ": fails on plain H2").isNotNull();
                }
                assertThat(actual.sameAs(expected, !entry.frozen())).as(entry + "\n through abcast: " + actual
                        + "\n plain H2:       " + expected).isTrue();
                if (Classifier.classify(entry.sql()).isWrite()) {
                    broadcast++;
                }
                assertThat(replicated.replicaStatus().position()).as(entry + ": one command per replicated statement")
                        .isEqualTo(broadcast);
            }
            cluster.assertConverged("SELECT * FROM KV ORDER BY K");
            for (String table : userTables(plain)) {
                String query = "SELECT " + String.join(", ", comparableColumns(plain, table)) + " FROM " + table
                        + " ORDER BY 1";
                List<List<Object>> reference = CorpusResult.of(plain, query).rows();
                assertThat(reference).as(table + " on plain H2").isNotNull();
                for (int node = 1; node <= 3; node++) {
                    try (Connection c = cluster.connect(node)) {
                        assertThat(CorpusResult.of(c, query).rows()).as(table + " on n" + node + " as on plain H2")
                                .isEqualTo(reference);
                    }
                }
            }
        }
    }

    private static void checkKind(CorpusEntry entry) {
        Classification c = Classifier.classify(entry.sql());
        StatementKind kind = c.kind();
        switch (entry.outcome()) {
            case "query" -> assertThat(kind).as(entry.toString()).isEqualTo(StatementKind.QUERY);
            case "write", "ddl" -> assertThat(c.isWrite()).as(entry + " is replicated").isTrue();
            case "session" -> assertThat(kind).as(entry.toString()).isEqualTo(StatementKind.SESSION);
            case "local" -> assertThat(kind).as(entry.toString()).isEqualTo(StatementKind.LOCAL);
            case "refused" -> assertThat(kind).as(entry.toString()).isEqualTo(StatementKind.REFUSED);
            case "error" -> assertThat(kind).as(entry.toString()).isNotEqualTo(StatementKind.REFUSED);
            default -> fail("unknown outcome in " + entry);
        }
        if (entry.frozen() && c.isWrite() && entry.sql().matches("(?is).*\\b(RANDOM_UUID|UUID)\\s*\\(.*")) {
            assertThat(c.replicatedSql()).as(entry + ": UUID calls spliced").contains("ABCAST.REPLICATED_UUID(");
        }
    }

    /** The in-jvm stack with every incoming message held back a second: a replica that applies late. */
    private Path delayedStack() throws Exception {
        String stack;
        try (InputStream in = getClass().getResourceAsStream("/io/abcast/replicator/in-jvm.xml")) {
            stack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        stack = stack.replace("<SHARED_LOOPBACK_PING/>", "<DELAY in_delay=\"1000\" constant_delay=\"true\"/>\n"
                + "  <SHARED_LOOPBACK_PING/>");
        assertThat(stack).contains("DELAY");
        return Files.writeString(dir.resolve("delayed.xml"), stack);
    }

    private static List<String> userTables(Connection plain) throws SQLException {
        List<String> tables = new ArrayList<>();
        for (List<Object> row : DriverCluster.rows(plain, "SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN ('PUBLIC', 'AUDIT') "
                + "ORDER BY 1, 2")) {
            tables.add("\"" + row.get(0) + "\".\"" + row.get(1) + "\"");
        }
        return tables;
    }

    private static List<String> comparableColumns(Connection plain, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement st = plain.createStatement();
             var rs = st.executeQuery("SELECT * FROM " + table + " WHERE FALSE")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String name = rs.getMetaData().getColumnName(i);
                if (!name.matches("(?i)(NOW|RND|UID)_.*")) {
                    columns.add("\"" + name + "\"");
                }
            }
        }
        return columns;
    }
}
