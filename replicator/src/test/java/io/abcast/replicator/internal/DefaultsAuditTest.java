package io.abcast.replicator.internal;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultsAuditTest {

    @Test
    void findsGeneratorsEachReplicaWouldComputeOnItsOwn() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:audit", "sa", "");
             Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TABLE T(A UUID DEFAULT RANDOM_UUID(), B VARBINARY DEFAULT SECURE_RAND(4), "
                    + "C TIMESTAMP DEFAULT CURRENT_TIMESTAMP, D INT DEFAULT 1, E VARCHAR DEFAULT 'RANDOM_UUID()')");
            assertThat(DefaultsAudit.unfrozenColumns(c)).hasSize(2)
                    .anySatisfy(s -> assertThat(s).startsWith("PUBLIC.T.A"))
                    .anySatisfy(s -> assertThat(s).startsWith("PUBLIC.T.B"));
        }
    }
}
