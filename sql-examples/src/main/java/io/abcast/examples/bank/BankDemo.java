package io.abcast.examples.bank;

import io.abcast.examples.cluster.Demo;
import io.abcast.examples.cluster.Scenario;
import io.abcast.examples.cluster.ScenarioDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The bank demo: a cluster of replica processes on this machine (three by default), clients on every node moving
 * money between accounts at once, then the end state of every replica and the checks (see {@link BankScenario}).
 * Run it with {@code ./mvnw -B -Pdemo verify -Dexample=bank} from the root; exit codes as {@link Demo#run}.
 */
@Command(name = "bank-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts replica processes of one abcast cluster, runs concurrent bank transfers (transactions) "
                + "through all of them, and checks that no money is made or lost and every replica ends the same.")
public final class BankDemo extends ScenarioDemo {

    @Option(names = "--transfers", defaultValue = "250",
            description = "Transfers each client makes (default ${DEFAULT-VALUE}).")
    int transfers;

    @Option(names = "--accounts", defaultValue = "20", description = "Accounts (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--balance", defaultValue = "1000",
            description = "Opening balance of every account (default ${DEFAULT-VALUE}).")
    long balance;

    @Mixin
    Demo.Options options;

    public static void main(String[] args) {
        main(new BankDemo(), args);
    }

    @Override
    protected Demo.Options options() {
        return options;
    }

    @Override
    protected Scenario scenario() {
        return new BankScenario(new BankPlan(nodes, clients, transfers, accounts, balance));
    }
}
