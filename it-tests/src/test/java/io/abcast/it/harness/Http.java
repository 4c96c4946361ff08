package io.abcast.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP to the containers (straight to their addresses on the test's network), and the small formats they answer. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern JSON_FIELD = Pattern.compile("\"([^\"]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*]|[^,}]+)");

    private Http() {
    }

    public record Response(int code, String body) {
    }

    public static Response get(String url, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    public static Response post(String url, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Response send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code key=value} words of a line (values have no spaces, but the last may: it takes the rest). */
    public static Map<String, String> words(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }

    /** The fields of a flat JSON object, as text (strings unquoted; lists as their items, comma-separated). */
    public static Map<String, String> json(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = JSON_FIELD.matcher(body);
        while (m.find()) {
            String v = m.group(2).strip();
            if (v.startsWith("\"")) {
                v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            } else if (v.startsWith("[")) {
                List<String> items = new ArrayList<>();
                for (String item : v.substring(1, v.length() - 1).split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip().replaceAll("^\"|\"$", ""));
                    }
                }
                v = String.join(",", items);
            }
            fields.put(m.group(1), v);
        }
        return fields;
    }
}
