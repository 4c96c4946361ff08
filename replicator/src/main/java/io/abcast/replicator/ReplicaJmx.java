package io.abcast.replicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Registers a replica's metrics in the platform MBean server while it runs. */
final class ReplicaJmx implements ReplicaMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaJmx.class);

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

    private final Supplier<ReplicaMetrics> metrics;

    private ReplicaJmx(Supplier<ReplicaMetrics> metrics) {
        this.metrics = metrics;
    }

    /** The name a replica is registered under. */
    static ObjectName name(String cluster, String node) throws JMException {
        return new ObjectName("io.abcast:type=Replica,cluster=" + value(cluster) + ",node=" + value(node));
    }

    private static String value(String s) {
        return PLAIN.matcher(s).matches() ? s : ObjectName.quote(s);
    }

    /** Registers the replica (replacing a stale registration of the same name); null if JMX refused. */
    static ObjectName register(String cluster, String node, Supplier<ReplicaMetrics> metrics) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = name(cluster, node);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(new ReplicaJmx(metrics), ReplicaMXBean.class, true), name);
            return name;
        } catch (JMException | RuntimeException e) {
            LOG.warn("{}: metrics not registered in JMX: {}", node, e.toString());
            return null;
        }
    }

    static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("unregistering {}: {}", name, e.toString());
        }
    }

    @Override
    public long getPosition() {
        return metrics.get().position();
    }

    @Override
    public long getLag() {
        return metrics.get().lag();
    }

    @Override
    public long getCommandsApplied() {
        return metrics.get().applied();
    }

    @Override
    public long getApplyTransactions() {
        return metrics.get().transactions();
    }

    @Override
    public double getCommandsPerSecond() {
        return metrics.get().appliedPerSecond();
    }

    @Override
    public double getApplyTimeMicros() {
        return metrics.get().applyMicros();
    }

    @Override
    public long getWritesAcknowledged() {
        return metrics.get().acknowledged();
    }

    @Override
    public double getBroadcastLatencyMillis() {
        return metrics.get().broadcastMillis();
    }

    @Override
    public long getAborts() {
        return metrics.get().aborts();
    }

    @Override
    public long getRefusals() {
        return metrics.get().refusals();
    }

    @Override
    public long getRejectedMessages() {
        return metrics.get().rejectedMessages();
    }

    @Override
    public long getCatchUps() {
        return metrics.get().catchUps();
    }

    @Override
    public long getReseeds() {
        return metrics.get().reseeds();
    }

    @Override
    public int getViewSize() {
        return metrics.get().viewSize();
    }

    @Override
    public int getConfiguredSize() {
        return metrics.get().configuredSize();
    }

    @Override
    public boolean isPrimary() {
        return metrics.get().primary();
    }
}
