package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No JDBC path hands the application H2's own objects, through which a write would reach one replica only. */
class NoBypassTest {

    @Test
    void everyPathBackToAConnectionOrStatementGivesAbcastsOwn() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(1); Connection c = cluster.connect(1)) {
            Statement st = c.createStatement();
            st.executeUpdate("CREATE TABLE T(ID INT PRIMARY KEY)");
            assertThat(st.getConnection()).isSameAs(c);
            try (ResultSet rs = st.executeQuery("SELECT * FROM T")) {
                assertThat(rs.getStatement()).isSameAs(st);
                assertThat(rs.isWrapperFor(org.h2.jdbc.JdbcResultSet.class)).isFalse();
                assertThatThrownBy(() -> rs.unwrap(org.h2.jdbc.JdbcResultSet.class)).isInstanceOf(SQLException.class);
            }
            assertThat(st.execute("SELECT 1")).isTrue();
            assertThat(st.getResultSet().getStatement()).isSameAs(st);
            PreparedStatement ps = c.prepareStatement("SELECT * FROM T WHERE ID = ?");
            assertThat(ps.getConnection()).isSameAs(c);
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.getStatement()).isSameAs(ps);
            }
            assertThat(st.getGeneratedKeys().getStatement()).isSameAs(st);
            DatabaseMetaData meta = c.getMetaData();
            assertThat(meta.getConnection()).isSameAs(c);
            try (ResultSet tables = meta.getTables(null, null, "T", null)) {
                assertThat(tables.next()).isTrue();
                Statement owner = tables.getStatement();
                assertThat(owner == null || owner.getConnection() == c).isTrue();
            }
            assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isFalse();
            assertThatThrownBy(() -> c.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.unwrap(org.h2.jdbc.JdbcStatement.class)).isInstanceOf(SQLException.class);
            assertThat(c.unwrap(ReplicatedConnection.class)).isSameAs(c);
        }
    }

    @Test
    void whatWouldChangeOneReplicaOnlyIsRefusedClearly() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(1); Connection c = cluster.connect(1)) {
            assertThatThrownBy(() -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("updatable");
            assertThatThrownBy(() -> c.prepareCall("CALL 1")).isInstanceOf(SQLFeatureNotSupportedException.class);
            Statement st = c.createStatement();
            assertThatThrownBy(() -> st.execute("SHUTDOWN")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("stop the node");
            assertThatThrownBy(() -> st.execute("RUNSCRIPT FROM 'x.sql'")).hasMessageContaining("only this node has");
            assertThatThrownBy(() -> st.execute("CREATE TABLE A(X INT); INSERT INTO A VALUES (1)"))
                    .hasMessageContaining("DDL statement").extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("0A000");
            c.setReadOnly(true);
            assertThatThrownBy(() -> st.executeUpdate("CREATE TABLE B(X INT)"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
            c.setReadOnly(false);
            assertThat(c.unwrap(ReplicatedConnection.class).replicaStatus().position())
                    .as("nothing refused was broadcast").isZero();
        }
    }
}
