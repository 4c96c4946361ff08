package io.abcast.examples.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A scenario's demo command: the options every scenario's plan has ({@code --nodes}, {@code --clients}), the
 * scenario's own and {@link Demo.Options} (both declared by the subclass, which makes the scenario); it runs
 * {@link Demo#run} and exits with its code. A plan the scenario refuses is a bad option.
 */
public abstract class ScenarioDemo implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Replica processes (default ${DEFAULT-VALUE}).")
    protected int nodes;

    @Option(names = "--clients", defaultValue = "4", description = "Clients per node (default ${DEFAULT-VALUE}).")
    protected int clients;

    @Spec
    CommandSpec spec;

    /** Runs the demo command with these arguments, and exits with its code. */
    protected static void main(ScenarioDemo demo, String[] args) {
        System.exit(new CommandLine(demo).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** The demo's {@link Demo.Options}, a mixin of the subclass's (so that they follow its options in the help). */
    protected abstract Demo.Options options();

    /**
     * The scenario the options give.
     *
     * @throws IllegalArgumentException if they make no valid plan
     */
    protected abstract Scenario scenario();

    @Override
    public Integer call() throws Exception {
        Scenario scenario;
        try {
            scenario = scenario();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Demo.run(scenario, options(), System.out);
    }
}
