package dev.whitemagic.dist.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files an operator deploys with (under {@code src/deploy}), as the tests read them. */
public final class DeployFiles {

    /** The folder of the deployment files, from the module's folder (the tests' working directory). */
    public static final Path ROOT = Path.of("src", "deploy");
    public static final Path KUBERNETES = ROOT.resolve("kubernetes/whitemagic.yaml");
    public static final Path ALERTS = ROOT.resolve("prometheus/whitemagic-alerts.yaml");
    public static final Path ALERT_TESTS = ROOT.resolve("prometheus/whitemagic-alerts-test.yaml");
    public static final Path DASHBOARD = ROOT.resolve("grafana/whitemagic-dashboard.json");

    private DeployFiles() {
    }

    /** Every document of a YAML file, each a tree of maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> yamlDocuments(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(read(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** The one document of a YAML file. */
    public static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
        }
        return documents.get(0);
    }

    /** The alerting rules of the Prometheus rules file, each as its map (alert, expr, for, labels, annotations). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<Object>) yaml(ALERTS).get("groups")) {
            rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
        return rules;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
