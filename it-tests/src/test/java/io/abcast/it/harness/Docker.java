package io.abcast.it.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import org.testcontainers.DockerClientFactory;

import java.util.List;
import java.util.Map;

/**
 * The Docker engine the tests use: fails loudly when there is none (the tests never skip), and removes what earlier
 * runs left behind. Everything the tests create carries the label {@value #LABEL} and the id of the JVM that made
 * it ({@value #PID_LABEL}); without ryuk (it cannot be pulled here), leftovers of a JVM that is gone are removed
 * by label.
 */
public final class Docker {

    public static final String LABEL = "io.abcast.it";
    public static final String PID_LABEL = "io.abcast.it.pid";

    private static boolean cleaned;

    private Docker() {
    }

    /** The labels of everything this JVM creates. */
    public static Map<String, String> labels() {
        return Map.of(LABEL, "true", PID_LABEL, Long.toString(ProcessHandle.current().pid()));
    }

    /** The engine's client; fails the test, saying why, when no engine answers. */
    public static synchronized DockerClient client() {
        DockerClient client;
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("Testcontainers found no Docker environment");
            }
            client = DockerClientFactory.instance().client();
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new AssertionError("No Docker engine answers, so the container tests cannot run (they never skip)."
                    + " `./mvnw verify` runs .ci/docker-up before them, which installs and starts the engine where it"
                    + " can (as root, with apt-get) and makes the base image eclipse-temurin:17-jre available offline;"
                    + " run `bash .ci/docker-up` to see why it could not. Testcontainers needs"
                    + " TESTCONTAINERS_RYUK_DISABLED=true, TESTCONTAINERS_CHECKS_DISABLE=true and"
                    + " TESTCONTAINERS_HOST_OVERRIDE=localhost here (the pom sets them for Failsafe). Cause: " + e, e);
        }
        if (!cleaned) {
            cleaned = true;
            removeLeftovers(client);
        }
        return client;
    }

    /** Removes the containers and networks of test JVMs that are no longer running. */
    static void removeLeftovers(DockerClient client) {
        List<Container> containers = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, "true")).exec();
        for (Container c : containers) {
            if (orphan(c.getLabels())) {
                try {
                    client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    System.err.println("could not remove leftover container " + c.getId() + ": " + e);
                }
            }
        }
        List<Network> networks = client.listNetworksCmd().withFilter("label", List.of(LABEL + "=true")).exec();
        for (Network n : networks) {
            if (orphan(n.getLabels())) {
                try {
                    client.removeNetworkCmd(n.getId()).exec();
                } catch (RuntimeException e) {
                    System.err.println("could not remove leftover network " + n.getName() + ": " + e);
                }
            }
        }
    }

    private static boolean orphan(Map<String, String> labels) {
        String pid = labels == null ? null : labels.get(PID_LABEL);
        if (pid == null) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
