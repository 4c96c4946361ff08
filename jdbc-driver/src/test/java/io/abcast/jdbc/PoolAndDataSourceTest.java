package io.abcast.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PoolAndDataSourceTest {

    @Test
    void aHikariPoolOverTheDriverServesConcurrentWritersAndReaders() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(2)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(cluster.url(1));
            config.setUsername("sa");
            config.setPassword("");
            config.setMaximumPoolSize(6);
            config.setPoolName("abcast-test");
            try (HikariDataSource pool = new HikariDataSource(config)) {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.executeUpdate("CREATE TABLE STOCK(ITEM INT PRIMARY KEY, QTY INT NOT NULL)");
                    for (int i = 0; i < 10; i++) {
                        st.executeUpdate("INSERT INTO STOCK VALUES (" + i + ", 0)");
                    }
                }
                ExecutorService threads = Executors.newFixedThreadPool(8);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int item = t % 10;
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            try (Connection c = pool.getConnection();
                                 PreparedStatement up = c.prepareStatement("UPDATE STOCK SET QTY = QTY + 1 WHERE ITEM = ?");
                                 PreparedStatement read = c.prepareStatement("SELECT QTY FROM STOCK WHERE ITEM = ?")) {
                                up.setInt(1, item);
                                assertThat(up.executeUpdate()).isEqualTo(1);
                                read.setInt(1, item);
                                try (ResultSet rs = read.executeQuery()) {
                                    assertThat(rs.next()).isTrue();
                                    assertThat(rs.getInt(1)).isPositive();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(2, TimeUnit.MINUTES);
                }
                threads.shutdown();
                try (Connection c = pool.getConnection()) {
                    assertThat(DriverCluster.rows(c, "SELECT SUM(QTY) FROM STOCK")).containsExactly(List.of(1600L));
                }
            }
            cluster.assertConverged("SELECT * FROM STOCK ORDER BY ITEM");
        }
    }

    @Test
    void theDataSourceConnectsWithItsUrlAndProperties() throws Exception {
        try (DriverCluster cluster = DriverCluster.start(1)) {
            AbcastDataSource ds = new AbcastDataSource();
            ds.setUrl(cluster.url(1).replace(";abcast.size=1", ""));
            ds.setProperty("abcast.size", "1");
            ds.setUser("sa");
            ds.setPassword("");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE T(ID INT)");
                assertThat(st.executeUpdate("INSERT INTO T VALUES (1), (2)")).isEqualTo(2);
                assertThat(c.unwrap(ReplicatedConnection.class).lastWritePosition()).isEqualTo(2);
            }
            assertThat(ds.isWrapperFor(AbcastDataSource.class)).isTrue();
        }
    }
}
