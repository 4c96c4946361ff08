package io.abcast.examples.bank;

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
 * The bank demo: a cluster of replica processes on this machine (three by default), clients on every node moving
 * money between accounts at once, then the end state of every replica and the checks (see {@link BankScenario}).
 * Run it with {@code ./mvnw -B -Pdemo verify -Dexample=bank} from the root; exit codes as {@link Demo#run}.
 */
@Command(name = "bank-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts replica processes of one abcast cluster, runs concurrent bank transfers (transactions) "
                + "through all of them, and checks that no money is made or lost and every replica ends the same.")
public final class BankDemo implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Replica processes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "4", description = "Clients per node (default ${DEFAULT-VALUE}).")
    int clients;

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

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BankDemo()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BankPlan plan;
        try {
            plan = new BankPlan(nodes, clients, transfers, accounts, balance);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Demo.run(new BankScenario(plan), options, System.out);
    }
}
