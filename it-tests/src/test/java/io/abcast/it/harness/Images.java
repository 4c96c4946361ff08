package io.abcast.it.harness;

import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The two images, built once per test JVM with Testcontainers from the build contexts that {@code package} puts in
 * {@code target/images}: the standalone node ({@code node/}: Dockerfile and the node's runnable jar) and the tests'
 * application node ({@code app/}: Dockerfile, classes, lib). Both are FROM {@code eclipse-temurin:17-jre}, which
 * .ci/docker-up makes available offline.
 */
public final class Images {

    public static final String NODE = "abcast-it-node:latest";
    public static final String APP = "abcast-it-app:latest";

    private static String node;
    private static String app;

    private Images() {
    }

    public static synchronized String node() {
        if (node == null) {
            node = build(NODE, "node");
        }
        return node;
    }

    public static synchronized String app() {
        if (app == null) {
            app = build(APP, "app");
        }
        return app;
    }

    private static String build(String name, String dir) {
        Docker.client(); // fail clearly first when there is no engine
        Path context = Path.of(System.getProperty("abcast.it.images", "target/images")).resolve(dir);
        if (!Files.isRegularFile(context.resolve("Dockerfile"))) {
            throw new AssertionError("no build context in " + context.toAbsolutePath()
                    + ": run the tests through Maven (./mvnw verify), whose package phase puts it there");
        }
        ImageFromDockerfile image = new ImageFromDockerfile(name, false);
        try (Stream<Path> files = Files.list(context)) {
            files.forEach(f -> image.withFileFromPath(f.getFileName().toString(), f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return image.get();
        } catch (Exception e) {
            throw new AssertionError("could not build the image " + name + " from " + context.toAbsolutePath()
                    + " (is eclipse-temurin:17-jre there? .ci/docker-up builds it offline): " + e, e);
        }
    }
}
