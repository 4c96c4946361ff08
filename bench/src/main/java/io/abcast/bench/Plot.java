package io.abcast.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws the insert runs as a PNG: throughput (rows/s, log scale) against client threads, one line per target.
 */
final class Plot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private Plot() {
    }

    /**
     * Draws the plot again from a run's printed output: {@code Plot <bench output> <png>} reads the insert table
     * (target, threads, rows, rows/s, ...).
     */
    public static void main(String[] args) throws IOException {
        List<RunResult> results = new ArrayList<>();
        boolean inTable = false;
        for (String line : java.nio.file.Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("target ") && line.contains("rows/s")) {
                inTable = true;
            } else if (inTable && line.isBlank()) {
                break;
            } else if (inTable && !line.startsWith("---")) {
                String[] f = line.trim().split("\\s+");
                long rows = Long.parseLong(f[2]);
                double perSecond = Double.parseDouble(f[3]);
                results.add(new RunResult(f[0], Integer.parseInt(f[1]), rows, (long) (rows / perSecond * 1e9), 0, 0, 0,
                        null));
            }
        }
        write(results, args.length > 2 ? args[2] : "Single-row autocommit inserts", Path.of(args[1]));
    }

    static void write(List<RunResult> results, String title, Path file) throws IOException {
        Map<String, List<RunResult>> byTarget = new LinkedHashMap<>();
        TreeSet<Integer> threads = new TreeSet<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (RunResult r : results) {
            if (r.threads() == 0 || r.rows() == 0) {
                continue;
            }
            byTarget.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r);
            threads.add(r.threads());
            min = Math.min(min, r.throughput());
            max = Math.max(max, r.throughput());
        }
        if (byTarget.isEmpty()) {
            return;
        }
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        List<Integer> xs = new ArrayList<>(threads);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        // Grid and y labels, one per power of ten.
        for (double v = low; v <= high * 1.0001; v *= 10) {
            int y = y(v, low, high, plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%,.0f", v);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        for (int i = 0; i < xs.size(); i++) {
            int x = x(i, xs.size(), plotW);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            String label = String.valueOf(xs.get(i));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 20);
        }
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("client threads", LEFT + plotW / 2 - 40, HEIGHT - 15);
        g.rotate(-Math.PI / 2);
        g.drawString("rows/s (log scale)", -(TOP + plotH / 2 + 55), 20);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int series = 0;
        for (Map.Entry<String, List<RunResult>> e : byTarget.entrySet()) {
            g.setColor(COLORS[series % COLORS.length]);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1;
            int py = -1;
            for (RunResult r : e.getValue()) {
                int x = x(xs.indexOf(r.threads()), xs.size(), plotW);
                int y = y(r.throughput(), low, high, plotH);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            int ly = TOP + 20 + series * 24;
            g.drawLine(LEFT + plotW + 15, ly - 5, LEFT + plotW + 45, ly - 5);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), LEFT + plotW + 52, ly);
            series++;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int x(int index, int count, int plotW) {
        return LEFT + (count == 1 ? plotW / 2 : 30 + index * (plotW - 60) / (count - 1));
    }

    private static int y(double value, double low, double high, int plotH) {
        double f = (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
        return TOP + plotH - (int) Math.round(f * plotH);
    }
}
