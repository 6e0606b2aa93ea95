package io.roost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docker/grafana/roost-dashboard.json} and {@code docs/monitoring.md} in step: every
 * query of the dashboard uses only metric families the page documents (so a renamed metric breaks
 * this test, not a user's dashboard), and every {@code roost_} family the page documents is charted.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().getParent();
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** A documented family name in backticks: {@code `roost_d2c_messages_total`} or with labels after it. */
    private static final Pattern DOCUMENTED = Pattern.compile("`((?:roost|jvm|process|system)_[a-z0-9_]+)");
    /** The series Prometheus derives from a histogram or summary family. */
    private static final Pattern DERIVED = Pattern.compile("_(bucket|count|sum|max)$");

    @Test
    void everyQuery_usesOnlyMetricFamiliesDocumentedInMonitoringMd() throws IOException {
        Set<String> documented = documentedFamilies();
        List<String> expressions = expressions();

        assertThat(expressions).isNotEmpty();
        for (String expression : expressions) {
            Set<String> metrics = metricNames(expression);
            assertThat(metrics).as("metrics of %s", expression).isNotEmpty();
            for (String metric : metrics) {
                assertThat(documented.contains(metric) || documented.contains(DERIVED.matcher(metric).replaceFirst("")))
                        .as("%s (in %s) is documented in docs/monitoring.md", metric, expression).isTrue();
            }
        }
    }

    @Test
    void everyRoostFamilyDocumented_hasAPanel() throws IOException {
        Set<String> charted = new TreeSet<>();
        for (String expression : expressions()) {
            metricNames(expression).forEach(metric -> charted.add(DERIVED.matcher(metric).replaceFirst("")));
        }

        assertThat(charted).containsAll(documentedFamilies().stream().filter(name -> name.startsWith("roost_")).toList());
    }

    @Test
    void metricNames_whenQueryHasFunctionsLabelsAndGrouping_thenOnlyTheMetrics() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, protocol) "
                + "(rate(roost_d2c_ack_latency_seconds_bucket{protocol=\"mqtt\"}[5m])))"))
                .containsExactly("roost_d2c_ack_latency_seconds_bucket");
        assertThat(metricNames("sum(rate(a_total[1m])) / ignoring(x) sum without (y) (b)")).containsExactly("a_total", "b");
    }

    private static Set<String> documentedFamilies() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = DOCUMENTED.matcher(Files.readString(REPO.resolve("docs/monitoring.md")));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<String> expressions() throws IOException {
        JsonNode dashboard = JSON.readTree(REPO.resolve("docker/grafana/roost-dashboard.json").toFile());
        List<String> found = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> found.add(expr.asText()));
        return found;
    }

    /** The metric names of a PromQL expression: identifiers outside label matchers, ranges, groupings and calls. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String name = matcher.group();
            boolean call = bare.substring(matcher.end()).stripLeading().startsWith("(");
            if (!call && !Set.of("by", "without", "on", "ignoring", "and", "or", "unless", "bool", "offset").contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
