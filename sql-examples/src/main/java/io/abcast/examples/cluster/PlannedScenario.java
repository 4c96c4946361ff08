package io.abcast.examples.cluster;

import java.util.List;

/**
 * The part of a {@link Scenario} that its plan alone gives: its name and unit, the sizes of the cluster and its
 * clients, and the arguments that make the same plan in a node process. A scenario extends it with its SQL, its
 * clients' work, its audit and its checks.
 *
 * <p>Immutable, as the plan is.
 */
public abstract class PlannedScenario<P extends PlannedScenario.Plan> implements Scenario {

    /** A scenario's plan: the sizes every scenario has, and the arguments it is made again from. */
    public interface Plan {
        /** Replicas in the cluster. */
        int nodes();

        /** Clients on each node. */
        int clients();

        /** The operations every client makes. */
        int operations();

        /** The plan as {@code key=value} arguments. */
        List<String> args();
    }

    private final String name;
    private final String unit;
    /** The scenario's plan. */
    protected final P plan;

    /** See {@link Scenario#name} and {@link Scenario#unit}. */
    protected PlannedScenario(String name, String unit, P plan) {
        this.name = name;
        this.unit = unit;
        this.plan = plan;
    }

    public P plan() {
        return plan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public int nodes() {
        return plan.nodes();
    }

    @Override
    public int clientsPerNode() {
        return plan.clients();
    }

    @Override
    public int operationsPerClient() {
        return plan.operations();
    }

    @Override
    public List<String> args() {
        return plan.args();
    }
}
