package io.abcast.replicator.internal;

import io.abcast.replicator.ReplicaConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a JGroups stack (a shipped one by name, or an XML file) and fills in its {@code ${abcast.NAME:default}}
 * placeholders from the replica's settings. Other {@code ${...}} placeholders are left to JGroups.
 */
public final class Stacks {

    /** The stacks shipped with abcast. */
    public static final List<String> SHIPPED = List.of("tcp", "in-jvm");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(abcast\\.[a-z_]+)(?::([^}]*))?}");

    private Stacks() {
    }

    /** The stack's XML with the replica's settings filled in. */
    static String resolve(ReplicaConfig config) throws IOException {
        return substitute(read(config.stack()), variables(config));
    }

    static String read(String stack) throws IOException {
        if (SHIPPED.contains(stack)) {
            try (InputStream in = Stacks.class.getResourceAsStream("/io/abcast/replicator/" + stack + ".xml")) {
                if (in == null) {
                    throw new IOException("the shipped stack " + stack + " is missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path file = Path.of(stack);
        if (!Files.isRegularFile(file)) {
            throw new IOException("abcast.stack=" + stack + " is neither a shipped stack " + SHIPPED
                    + " nor a readable JGroups XML file");
        }
        return Files.readString(file);
    }

    static Map<String, String> variables(ReplicaConfig config) {
        Map<String, String> vars = new HashMap<>();
        HostPort bind = HostPort.parse(config.bind());
        vars.put("abcast.bind_addr", bind.host());
        vars.put("abcast.bind_port", Integer.toString(bind.port()));
        vars.put("abcast.port_range", Integer.toString(ReplicaConfig.PORT_RANGE));
        StringBuilder hosts = new StringBuilder();
        for (String member : config.members()) {
            HostPort hp = HostPort.parse(member);
            hosts.append(hosts.length() == 0 ? "" : ",").append(hp.host()).append('[').append(hp.port()).append(']');
        }
        if (hosts.length() > 0) {
            vars.put("abcast.initial_hosts", hosts.toString());
        }
        return vars;
    }

    static String substitute(String xml, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.getOrDefault(m.group(1), m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
