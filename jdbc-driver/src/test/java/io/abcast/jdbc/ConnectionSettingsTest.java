package io.abcast.jdbc;

import io.abcast.jdbc.internal.ConnectionSettings;
import io.abcast.replicator.ReplicaConfig;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSettingsTest {

    @Test
    void abcastSettingsAreRemovedAndH2SettingsPassThroughUntouched() throws SQLException {
        ConnectionSettings s = ConnectionSettings.parse("jdbc:abcast:h2:./data/db;MODE=PostgreSQL;abcast.cluster=chat;"
                + "abcast.node=n1;DB_CLOSE_DELAY=-1;abcast.size=3;INIT=CREATE SCHEMA IF NOT EXISTS X\\;SET SCHEMA X",
                null);
        assertThat(s.h2Url()).isEqualTo("jdbc:h2:./data/db;MODE=PostgreSQL;DB_CLOSE_DELAY=-1;"
                + "INIT=CREATE SCHEMA IF NOT EXISTS X\\;SET SCHEMA X");
        ReplicaConfig config = s.replicaConfig();
        assertThat(config.cluster()).isEqualTo("chat");
        assertThat(config.node()).isEqualTo("n1");
        assertThat(config.clusterSize()).isEqualTo(3);
        assertThat(config.quorum()).isEqualTo(2);
        assertThat(config.stack()).isEqualTo("tcp");
        assertThat(config.members()).containsExactly("127.0.0.1:7800");
        assertThat(config.bind()).isEqualTo("127.0.0.1:7800");
        assertThat(s.consistency()).isEqualTo(Consistency.SESSION);
    }

    @Test
    void settingsCanComeAsConnectionPropertiesAndAreNotPassedToH2() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("abcast.cluster", "inventory");
        info.setProperty("abcast.members", "10.0.0.1:7800, 10.0.0.2:7800");
        info.setProperty("abcast.consistency", "local");
        ConnectionSettings s = ConnectionSettings.parse("jdbc:abcast:h2:mem:inv", info);
        assertThat(s.cluster()).isEqualTo("inventory");
        assertThat(s.members()).containsExactly("10.0.0.1:7800", "10.0.0.2:7800");
        assertThat(s.consistency()).isEqualTo(Consistency.LOCAL);
        assertThat(s.h2Info().stringPropertyNames()).containsExactly("user");
        assertThat(s.h2Url()).isEqualTo("jdbc:h2:mem:inv");
    }

    @Test
    void withOnlyAClusterNameEverythingHasAWorkingDefault() throws SQLException {
        ConnectionSettings s = ConnectionSettings.parse("jdbc:abcast:h2:./target/x/orders;abcast.cluster=shop", null);
        assertThat(s.node()).endsWith("-orders").matches("[A-Za-z0-9._-]+");
        assertThat(s.replicaConfig().clusterSize()).isEqualTo(1);
        assertThat(s.databaseKey()).isEqualTo(java.nio.file.Path.of("target/x/orders").toAbsolutePath().toString());
    }

    @Test
    void anUnknownSettingIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:mem:a;abcast.cluster=c;abcast.sise=3", null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("abcast.sise")
                .hasMessageContaining("abcast.size")
                .hasMessageContaining("abcast.cluster")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    }

    @Test
    void malformedValuesAreRefusedWithWhatIsValid() {
        List<String[]> cases = List.of(
                new String[] {"abcast.size=three", "abcast.size"},
                new String[] {"abcast.size=0", "at least 1"},
                new String[] {"abcast.consistency=strong", "[session, local, linearizable]"},
                new String[] {"abcast.members=localhost", "host:port"},
                new String[] {"abcast.bind=127.0.0.1:99999", "host:port"},
                new String[] {"abcast.stack=nosuch.xml", "tcp"},
                new String[] {"abcast.node=a b", "abcast.node"},
                new String[] {"abcast.timeout=-5", "abcast.timeout"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:mem:a;abcast.cluster=c;" + c[0], null))
                    .as(c[0]).isInstanceOf(SQLException.class).hasMessageContaining(c[1])
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        }
    }

    @Test
    void urlsThatCannotBeReplicatedAreRefused() {
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:mem:a", null))
                .hasMessageContaining("abcast.cluster is required");
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:mem:;abcast.cluster=c", null))
                .hasMessageContaining("private in-memory database");
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:tcp://host/db;abcast.cluster=c", null))
                .hasMessageContaining("remote server");
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:postgresql://x/db;abcast.cluster=c", null))
                .hasMessageContaining("H2 databases only");
        Properties info = new Properties();
        info.setProperty("abcast.size", "5");
        assertThatThrownBy(() -> ConnectionSettings.parse("jdbc:abcast:h2:mem:a;abcast.cluster=c;abcast.size=3", info))
                .hasMessageContaining("given twice");
    }

    @Test
    void theDriverAcceptsOnlyItsOwnUrlsAndDescribesEverySetting() throws SQLException {
        AbcastDriver driver = AbcastDriver.load();
        assertThat(driver.acceptsURL("jdbc:abcast:h2:mem:x")).isTrue();
        assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(driver.connect("jdbc:h2:mem:x", new Properties())).isNull();
        assertThat(driver.getPropertyInfo("jdbc:abcast:h2:mem:x", new Properties()))
                .extracting(p -> p.name)
                .containsExactly(java.util.Arrays.stream(AbcastProperty.values()).map(AbcastProperty::key)
                        .toArray(String[]::new));
    }
}
