package io.abcast.examples.cluster;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far the workload is: on a terminal, one line redrawn in place ({@code \r}) at most ten times a second;
 * elsewhere (a log, a pipe, a CI console) one line at every tenth of the way, so the output stays readable.
 *
 * <p>Not thread safe: one thread updates it.
 */
public final class ProgressBar {

    /** How progress is shown. */
    public enum Mode {
        /** One line redrawn in place; for terminals. */
        BAR,
        /** A line at 10%, 20%, ... 100%. */
        LINES,
        /** Nothing. */
        OFF
    }

    private static final int WIDTH = 40;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final Mode mode;
    private final String unit;
    private final String rateUnit;
    private long start = -1;
    private long lastDraw;
    private int lastTenth = -1;
    private boolean lineOpen;

    /**
     * @param unit     what is counted, e.g. "messages"
     * @param rateUnit its rate, e.g. "msg/s"
     */
    public ProgressBar(PrintStream out, Mode mode, String unit, String rateUnit) {
        this.out = out;
        this.mode = mode;
        this.unit = unit;
        this.rateUnit = rateUnit;
    }

    /** The bar on a terminal, lines otherwise. */
    public static Mode auto() {
        return System.console() != null ? Mode.BAR : Mode.LINES;
    }

    /** Shows {@code done} of {@code total}; the clock starts at the first call. */
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        switch (mode) {
            case BAR -> {
                if (done == total || now - lastDraw >= REDRAW_NANOS) {
                    lastDraw = now;
                    out.print("\r" + render(done, total, now) + "   ");
                    out.flush();
                    lineOpen = true;
                }
            }
            case LINES -> {
                int tenth = total == 0 ? 10 : (int) (done * 10 / total);
                if (tenth > lastTenth) {
                    lastTenth = tenth;
                    out.println(render(done, total, now));
                }
            }
            default -> {
            }
        }
    }

    /** Ends the bar's line, so that what is printed next starts on its own line. */
    public void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private String render(long done, long total, long now) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        double secs = (now - start) / 1e9;
        return String.format(Locale.ROOT, "  [%s%s] %3d%%  %,d/%,d %s  %.1f s  %,.0f %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, unit, secs,
                secs > 0 ? done / secs : 0, rateUnit);
    }
}
