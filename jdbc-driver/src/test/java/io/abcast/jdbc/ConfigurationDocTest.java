package io.abcast.jdbc;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration reference in docs/ is the table {@link AbcastProperty} makes, between its two markers. */
class ConfigurationDocTest {

    private static final String BEGIN = "<!-- settings table: generated from AbcastProperty, checked by a test -->";
    private static final String END = "<!-- end of settings table -->";

    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Setting | Default | Values | What it does |\n");
        sb.append("|---|---|---|---|\n");
        for (AbcastProperty p : AbcastProperty.values()) {
            sb.append("| `").append(p.key()).append("` | ")
                    .append(p.defaultValue() == null ? "—" : "`" + p.defaultValue() + "`").append(" | ")
                    .append(p.choices().isEmpty() ? "" : "`" + String.join("`, `", p.choices()) + "`").append(" | ")
                    .append(p.description()).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void theDocumentedTableIsTheEnums() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("docs/configuration.md has the marker " + BEGIN).isNotNegative();
        assertThat(end).as("docs/configuration.md has the marker " + END).isGreaterThan(begin);
        String documented = doc.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertThat(documented).as("the settings table; paste this between the markers:\n" + table())
                .isEqualTo(table());
    }
}
