package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What H2 takes from the moment or the machine is the origin's on every replica. */
class FrozenContextTest {

    @Test
    void theCurrentTimeOfAWriteIsTheOriginsOnEveryReplicaInStatementsAndDefaults() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3); Connection c = cluster.connect(2);
             Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY, A TIMESTAMP WITH TIME ZONE, "
                    + "B TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, C DATE DEFAULT CURRENT_DATE, "
                    + "D TIMESTAMP WITH TIME ZONE DEFAULT NOW() ON UPDATE NOW())");
            Instant before = Instant.now();
            st.executeUpdate("INSERT INTO T(ID, A) VALUES (1, CURRENT_TIMESTAMP), (2, NOW())");
            Instant after = Instant.now();
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
            List<List<Object>> rows = DriverCluster.rows(c, "SELECT A, B, D FROM T ORDER BY ID");
            Set<Object> stamps = new HashSet<>();
            rows.forEach(stamps::addAll);
            assertThat(stamps).as("one timestamp for the whole statement, defaults included").hasSize(1);
            Instant frozen = ((OffsetDateTime) stamps.iterator().next()).toInstant();
            assertThat(frozen).isBetween(before, after);
            st.executeUpdate("UPDATE T SET ID = ID + 10 WHERE ID = 1");
            cluster.assertConverged("SELECT * FROM T ORDER BY ID");
        }
    }

    @Test
    void uuidsAndRandomNumbersAreTheSameOnEveryReplicaAndUuidsDistinct() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(3); Connection c = cluster.connect(1);
             Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE U(ID UUID DEFAULT RANDOM_UUID() PRIMARY KEY, N INT, R DOUBLE PRECISION, "
                    + "V7 UUID DEFAULT RANDOM_UUID(7))");
            st.executeUpdate("INSERT INTO U(N, R) SELECT X, RAND() FROM SYSTEM_RANGE(1, 500)");
            st.executeUpdate("UPDATE U SET R = RAND() WHERE MOD(N, 3) = 0");
            try (Connection c3 = cluster.connect(3); Statement st3 = c3.createStatement()) {
                st3.executeUpdate("INSERT INTO U(ID, N, R) VALUES (RANDOM_UUID(), 1000, RAND()), (UUID(), 1001, RAND())");
            }
            cluster.assertConverged("SELECT * FROM U ORDER BY N");
            assertThat(DriverCluster.rows(c, "SELECT COUNT(DISTINCT ID), COUNT(DISTINCT V7), COUNT(DISTINCT R) FROM U"))
                    .containsExactly(List.of(502L, 502L, 502L));
            try (ResultSet rs = st.executeQuery("SELECT ID, V7 FROM U WHERE N = 1")) {
                rs.next();
                assertThat(((UUID) rs.getObject(1)).version()).isEqualTo(4);
                assertThat(((UUID) rs.getObject(2)).version()).isEqualTo(7);
            }
        }
    }

    @Test
    void legacyDateTimeParametersAreReadInTheSessionsTimeZoneAsPlainH2ReadsThem() throws Exception {
        Timestamp ts = Timestamp.valueOf("2024-03-10 01:30:00.123456789");
        String create = "CREATE TABLE P(ID INT PRIMARY KEY, TS TIMESTAMP(9), TZ TIMESTAMP(9) WITH TIME ZONE)";
        try (DriverCluster cluster = DriverCluster.start(2); Connection c = cluster.connect(1);
             Connection plain = DriverManager.getConnection("jdbc:h2:mem:plain-" + UUID.randomUUID(), "sa", "")) {
            for (Connection conn : List.of(c, plain)) {
                try (Statement st = conn.createStatement()) {
                    st.executeUpdate(create);
                    st.execute("SET TIME ZONE 'America/New_York'");
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO P VALUES (?, ?, ?)")) {
                    ps.setInt(1, 1);
                    ps.setTimestamp(2, ts);
                    ps.setTimestamp(3, ts);
                    ps.executeUpdate();
                    ps.setInt(1, 2);
                    ps.setObject(2, LocalDateTime.of(2024, 3, 10, 2, 30));
                    ps.setObject(3, ts);
                    ps.executeUpdate();
                }
            }
            cluster.assertConverged("SELECT * FROM P ORDER BY ID");
            assertThat(DriverCluster.rows(c, "SELECT ID, TS, TZ FROM P ORDER BY ID"))
                    .isEqualTo(DriverCluster.rows(plain, "SELECT ID, TS, TZ FROM P ORDER BY ID"));
        }
    }
}
