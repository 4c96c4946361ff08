package io.abcast.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, picked at random away from the defaults (7800, 9092) so that a run does not collide with
 * tests or nodes started on this machine at the same time.
 */
final class Ports {

    private Ports() {
    }

    /** The first of {@code count} consecutive ports that are free on 127.0.0.1 now. */
    static int freeRange(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 45_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("found no " + count + " free consecutive ports on 127.0.0.1");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
