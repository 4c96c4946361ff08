package io.abcast.replicator;

/**
 * A replica in JMX, registered as {@code io.abcast:type=Replica,cluster=<cluster>,node=<node>} while it runs. See
 * {@link ReplicaMetrics} for what each attribute means.
 */
public interface ReplicaMXBean {

    long getPosition();

    long getLag();

    long getCommandsApplied();

    long getApplyTransactions();

    double getCommandsPerSecond();

    double getApplyTimeMicros();

    long getWritesAcknowledged();

    double getBroadcastLatencyMillis();

    long getAborts();

    long getRefusals();

    long getRejectedMessages();

    long getCatchUps();

    long getReseeds();

    int getViewSize();

    int getConfiguredSize();

    boolean isPrimary();
}
