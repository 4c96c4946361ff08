package io.abcast.it.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private bridge network of the test's own, with its own /24 subnet (picked at random in 10.213.0.0/16, so that
 * concurrent runs do not collide) so that containers get fixed addresses and get them back when reconnected.
 */
public final class ItNetwork implements AutoCloseable {

    private final DockerClient client;
    private final String id;
    private final String name;
    private final String prefix;

    private ItNetwork(DockerClient client, String id, String name, String prefix) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.prefix = prefix;
    }

    public static ItNetwork create(String run) {
        DockerClient client = Docker.client();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(1, 255);
            String prefix = "10.213." + third + ".";
            String name = "abcast-it-" + run + "-" + third;
            try {
                String id = client.createNetworkCmd().withName(name).withDriver("bridge")
                        .withIpam(new Network.Ipam().withConfig(List.of(new Network.Ipam.Config()
                                .withSubnet(prefix + "0/24").withGateway(prefix + "1"))))
                        .withLabels(Docker.labels()).exec().getId();
                return new ItNetwork(client, id, name, prefix);
            } catch (RuntimeException e) {
                last = e; // the subnet overlaps another network's: try another
            }
        }
        throw new AssertionError("could not create a network with a subnet of its own: " + last, last);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The address of host number {@code n} (2..254) on this network. */
    public String ip(int n) {
        return prefix + n;
    }

    @Override
    public void close() {
        try {
            client.removeNetworkCmd(id).exec();
        } catch (RuntimeException e) {
            System.err.println("could not remove network " + name + ": " + e);
        }
    }
}
