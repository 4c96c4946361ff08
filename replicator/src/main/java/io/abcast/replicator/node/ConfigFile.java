package io.abcast.replicator.node;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's configuration file: a properties file whose keys are the long option names without the dashes
 * ({@code cluster=orders}, {@code members=10.0.0.1:7800,10.0.0.2:7800}, {@code http-port=8080}). It gives the
 * options' defaults, so that a flag on the command line wins over the file. A key that names no option is an error,
 * as a misspelt flag would be.
 */
public final class ConfigFile implements CommandLine.IDefaultValueProvider {

    /** The option that names the file. */
    public static final String OPTION = "--config";

    private final Path file;
    private final Properties properties;

    private ConfigFile(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /** Reads the file. */
    public static ConfigFile read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return new ConfigFile(file, properties);
    }

    /**
     * The file named by {@code --config FILE} or {@code --config=FILE} among the arguments, or null. Read before
     * picocli parses, since the file gives the other options' defaults.
     */
    public static Path named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith(OPTION + "=")) {
                return Path.of(args[i].substring(OPTION.length() + 1));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            String value = properties.getProperty(key(option));
            if (value != null) {
                return value.trim();
            }
        }
        return null;
    }

    /**
     * Fails when the file has a key that is no option of the command.
     *
     * @throws CommandLine.ParameterException naming the unknown keys and the known ones
     */
    public void check(CommandLine commandLine) {
        Set<String> known = new HashSet<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            known.add(key(option));
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known);
        unknown.removeAll(List.of("config", "help", "version"));
        if (!unknown.isEmpty()) {
            known.removeAll(List.of("config", "help", "version"));
            throw new CommandLine.ParameterException(commandLine, "unknown setting(s) " + unknown + " in " + file
                    + "; known: " + new TreeSet<>(known));
        }
    }

    private static String key(OptionSpec option) {
        String name = option.longestName();
        int start = 0;
        while (start < name.length() && name.charAt(start) == '-') {
            start++;
        }
        return name.substring(start);
    }
}
