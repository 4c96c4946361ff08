package io.abcast.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

/** Plain embedded H2 with a file database: the baseline every other target is compared with. */
final class PlainH2Target extends AbstractTarget {

    private final Path dir;

    PlainH2Target(Path dir) {
        super("h2-embedded");
        this.dir = dir;
    }

    @Override
    public void start(int connections) throws Exception {
        String url = "jdbc:h2:" + dir.toAbsolutePath().resolve("plain");
        for (int i = 0; i < connections; i++) {
            addConnection(DriverManager.getConnection(url, USER, ""));
        }
    }

    @Override
    public List<CheckLine> check(DataCheck data) throws Exception {
        return List.of(data.check("plain", connection(0)));
    }

    @Override
    public void close() {
        closeConnections(); // the last connection closes the database
    }
}
