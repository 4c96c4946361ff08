package io.abcast.replicator;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A replica's figures, read through the API and through JMX, follow what it did. */
class MetricsTest {

    private static final SessionContext CONTEXT = SessionContext.of("PUBLIC", "UTC", Instant.EPOCH, 1);

    private final AtomicLong requests = new AtomicLong();

    @Test
    void metricsFollowTheWritesAndAreInJmx() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try (TestCluster cluster = TestCluster.start(3)) {
            Replica origin = cluster.get(0);
            name = ReplicaJmx.name(cluster.name, origin.node());
            submit(origin, "CREATE TABLE T(ID INT PRIMARY KEY)").get(30, TimeUnit.SECONDS);
            List<CompletableFuture<Outcome>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(submit(origin, "INSERT INTO T VALUES (" + i + ")"));
            }
            for (CompletableFuture<Outcome> w : writes) {
                assertThat(w.get(30, TimeUnit.SECONDS).failed()).isFalse();
            }
            cluster.assertConverged();
            ReplicaMetrics m = origin.metrics();
            assertThat(m.position()).isEqualTo(201);
            assertThat(m.applied()).isEqualTo(201);
            assertThat(m.acknowledged()).isEqualTo(201);
            assertThat(m.viewSize()).isEqualTo(3);
            assertThat(m.configuredSize()).isEqualTo(3);
            assertThat(m.primary()).isTrue();
            assertThat(m.aborts()).isZero();
            assertThat(cluster.get(1).metrics().acknowledged()).as("writes of another node").isZero();
            assertThat(cluster.get(1).metrics().applied()).isEqualTo(201);
            // Members report their positions in the background: the lag settles at 0 once they are heard.
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.replicas.stream()
                    .allMatch(r -> r.metrics().lag() == 0));
            // Rates and means cover complete seconds: they show once the second of the writes is over.
            await().atMost(Duration.ofSeconds(5)).until(() -> origin.metrics().appliedPerSecond() > 0
                    && origin.metrics().applyMicros() > 0 && origin.metrics().broadcastMillis() > 0);

            assertThat(jmx.getAttribute(name, "Position")).isEqualTo(201L);
            assertThat(jmx.getAttribute(name, "ViewSize")).isEqualTo(3);
            assertThat(jmx.getAttribute(name, "Primary")).isEqualTo(true);
            assertThat(jmx.getAttribute(name, "WritesAcknowledged")).isEqualTo(201L);
            assertThat((Double) jmx.getAttribute(name, "CommandsPerSecond")).isGreaterThan(0);
            origin.refused();
            assertThat(jmx.getAttribute(name, "Refusals")).isEqualTo(1L);

            cluster.get(2).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> origin.metrics().viewSize() == 2);
        }
        assertThat(jmx.isRegistered(name)).as("unregistered when closed").isFalse();
    }

    private CompletableFuture<Outcome> submit(Replica origin, String sql) throws Exception {
        return origin.submit(new Command(new CommandId(origin.node(), 1, requests.incrementAndGet()), CONTEXT,
                List.of(SqlCall.statement(SqlCall.Method.UPDATE, sql, KeyRequest.NONE))));
    }
}
