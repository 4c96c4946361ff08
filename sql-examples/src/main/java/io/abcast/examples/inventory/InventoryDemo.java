package io.abcast.examples.inventory;

import io.abcast.examples.cluster.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The inventory demo: a cluster of replica processes on this machine (three by default), clients on every node
 * ordering and restocking products at once, then the end state of every replica and the checks (see
 * {@link InventoryScenario}). Run it with {@code ./mvnw -B -Pdemo verify -Dexample=inventory} from the root; exit
 * codes as {@link Demo#run}.
 */
@Command(name = "inventory-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts replica processes of one abcast cluster, places concurrent orders (conditional updates) "
                + "and restocks through all of them, and checks that nothing is oversold and every replica ends the same.")
public final class InventoryDemo implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Replica processes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "4", description = "Clients per node (default ${DEFAULT-VALUE}).")
    int clients;

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

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new InventoryDemo()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        InventoryPlan plan;
        try {
            plan = new InventoryPlan(nodes, clients, orders, products, stock);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Demo.run(new InventoryScenario(plan), options, System.out);
    }
}
