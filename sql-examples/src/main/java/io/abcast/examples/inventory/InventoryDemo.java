package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Demo;
import io.abcast.examples.cluster.Scenario;
import io.abcast.examples.cluster.ScenarioDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The inventory demo: a cluster of replica processes on this machine (three by default), clients on every node
 * ordering and restocking products at once, then the end state of every replica and the checks (see
 * {@link InventoryScenario}). Run it with {@code ./mvnw -B -Pdemo verify -Dexample=inventory} from the root; exit
 * codes as {@link Demo#run}.
 */
@Command(name = "inventory-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts replica processes of one abcast cluster, places concurrent orders (conditional updates) "
                + "and restocks through all of them, and checks that nothing is oversold and every replica ends the same.")
public final class InventoryDemo extends ScenarioDemo {

    @Option(names = "--orders", defaultValue = "250",
            description = "Orders each client places (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--products", defaultValue = "10", description = "Products (default ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--stock", defaultValue = "50",
            description = "Units of every product at the start (default ${DEFAULT-VALUE}).")
    int stock;

    @Mixin
    Demo.Options options;

    public static void main(String[] args) {
        main(new InventoryDemo(), args);
    }

    @Override
    protected Demo.Options options() {
        return options;
    }

    @Override
    protected Scenario scenario() {
        return new InventoryScenario(new InventoryPlan(nodes, clients, orders, products, stock));
    }
}
