package io.abcast.it.harness;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Operations that failed with an error abcast does not promise (see {@link Checker}): product problems that break no
 * guarantee the checker verifies, so they fail no test unless {@code -Dabcast.it.strictErrors=true}. So that they are
 * not lost in a report file, each checker prints them at once in a banner on standard error, and at the end of the
 * test run this listener (registered in {@code META-INF/services}) prints them all again, just above Failsafe's
 * results, and writes them to {@code target/it-logs/unexpected-errors.txt}.
 */
public final class UnexpectedErrors implements TestExecutionListener {

    private static final String RULE = "!".repeat(100);
    private static final List<String> ALL = new ArrayList<>();

    /** Records a test's unexpected errors and prints them in a banner. */
    static void report(String test, List<String> operations) {
        if (operations.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(test + ": " + operations.size() + " operation(s) failed with an error abcast does not promise"
                + (Checker.STRICT ? "" : " (not failing the test: -Dabcast.it.strictErrors=true would)"));
        operations.forEach(op -> lines.add("    " + op));
        synchronized (ALL) {
            ALL.addAll(lines);
        }
        System.err.println(banner("UNEXPECTED ERRORS (product problems)", lines));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<String> lines;
        synchronized (ALL) {
            lines = List.copyOf(ALL);
        }
        Path file = Path.of(System.getProperty("abcast.it.logs", "target/it-logs")).resolve("unexpected-errors.txt");
        try {
            if (lines.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            System.err.println("could not write " + file + ": " + e);
        }
        System.err.println(banner("UNEXPECTED ERRORS IN THIS RUN (product problems; also in " + file + ")", lines));
    }

    private static String banner(String title, List<String> lines) {
        return "\n" + RULE + "\n!! " + title + "\n!! " + String.join("\n!! ", lines) + "\n" + RULE + "\n";
    }
}
