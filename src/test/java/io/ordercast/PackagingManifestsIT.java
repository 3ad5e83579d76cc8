package io.ordercast;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import freemarker.template.Configuration;
import io.ordercast.support.RunningService;
import org.apache.camel.component.freemarker.FreemarkerComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user checks before deploying the image and the example manifests (Dockerfile, deploy/kubernetes,
 * deploy/compose), against the service's real settings: the probes hit the health paths on the port the
 * service listens on, every variable set names a real property, the ConfigMaps are mounted where the service
 * looks for routes and templates, the Secret has the keys the Deployment asks for, nothing runs as root. With
 * no container engine here, the last test starts the service with routes and templates laid out the way a
 * ConfigMap volume lays them out and asks the probe paths the manifest names.
 */
class PackagingManifestsIT {

    private static final Path KUBERNETES = Path.of("deploy/kubernetes");
    private static final Path COMPOSE = Path.of("deploy/compose/compose.yaml");
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final String LIVE = "/observe/health/live";
    private static final String READY = "/observe/health/ready";

    @TempDir
    Path work;

    @Test
    void deployment_probes_hit_the_health_paths_on_the_port_the_service_listens_on() throws IOException {
        Map<String, Object> container = container();
        int port = containerPort(container, "http");

        assertThat(port).as("containerPort 'http' = ORDERCAST_HTTP_PORT, or ordercast.http.port's default")
                .isEqualTo(Integer.parseInt(plainEnv(container).getOrDefault("ORDERCAST_HTTP_PORT",
                        applicationProperties().getProperty("ordercast.http.port"))));
        assertThat(httpGet(container, "livenessProbe")).containsEntry("path", LIVE);
        assertThat(probePort(container, "livenessProbe")).isEqualTo(port);
        assertThat(httpGet(container, "readinessProbe")).containsEntry("path", READY);
        assertThat(probePort(container, "readinessProbe")).isEqualTo(port);
        if (container.containsKey("startupProbe")) {
            assertThat(httpGet(container, "startupProbe")).containsEntry("path", LIVE);
            assertThat(probePort(container, "startupProbe")).isEqualTo(port);
        }

        Map<String, Object> service = document(KUBERNETES.resolve("deployment.yaml"), "Service");
        Map<String, Object> servicePort = list(map(service, "spec"), "ports").get(0);
        Object target = servicePort.get("targetPort");
        assertThat(target instanceof String name ? containerPort(container, name) : target).isEqualTo(port);
        assertThat(map(map(service, "spec"), "selector")).isEqualTo(
                map(map(map(document(KUBERNETES.resolve("deployment.yaml"), "Deployment"), "spec"), "selector"),
                        "matchLabels"));
    }

    /**
     * The service waits ordercast.startup.timeout for the database and RabbitMQ, then exits 1 naming the one that did
     * not answer. A startup probe that gives up first kills the container before it can say so; the JVM and Camel
     * need their own start on top of the wait.
     */
    @Test
    void startup_probe_outlasts_the_services_own_wait_for_its_peers() throws IOException {
        Map<String, Object> container = container();
        Duration wait = Duration.parse(plainEnv(container).getOrDefault("ORDERCAST_STARTUP_TIMEOUT",
                applicationProperties().getProperty("ordercast.startup.timeout")));
        Map<String, Object> probe = map(container, "startupProbe");
        Duration budget = Duration.ofSeconds((Integer) probe.getOrDefault("initialDelaySeconds", 0)
                + (long) (Integer) probe.get("periodSeconds") * (Integer) probe.get("failureThreshold"));

        assertThat(budget).as("startupProbe: initialDelaySeconds + periodSeconds x failureThreshold")
                .isBetween(wait.plusSeconds(20), wait.plusSeconds(60));
    }

    @Test
    void dockerfile_exposes_the_port_and_checks_liveness_with_a_tool_the_runtime_image_has() throws IOException {
        int port = Integer.parseInt(applicationProperties().getProperty("ordercast.http.port"));
        List<String> runtime = runtimeStage();

        assertThat(instruction(runtime, "EXPOSE")).isEqualTo(String.valueOf(port));
        assertThat(instructions(runtime, "ENV")).filteredOn(env -> env.startsWith("ORDERCAST_HTTP_PORT="))
                .allSatisfy(env -> assertThat(env).isEqualTo("ORDERCAST_HTTP_PORT=" + port));
        // eclipse-temurin's Ubuntu images install curl and wget (adoptium/containers, 17/jre/ubuntu/*/Dockerfile)
        assertThat(runtime.get(0)).matches("FROM eclipse-temurin:17[.0-9_]*-jre(-noble|-jammy)?");
        assertThat(instruction(runtime, "HEALTHCHECK")).contains("CMD curl -f")
                .contains("http://127.0.0.1:${ORDERCAST_HTTP_PORT:-" + port + "}" + LIVE);

        String entrypoint = instruction(runtime, "ENTRYPOINT");
        Matcher archive = Pattern.compile("-XX:SharedArchiveFile=([^\"]+)").matcher(entrypoint);
        assertThat(archive.find()).as("ENTRYPOINT starts the JVM with the class-data archive").isTrue();
        assertThat(entrypoint).contains("\"-jar\", \"/app/ordercast.jar\"").contains("-XX:MaxRAMPercentage=");
        assertThat(instructions(runtime, "RUN")).as("the archive is made in the runtime stage, by its JVM")
                .anySatisfy(run -> assertThat(run).contains("-XX:ArchiveClassesAtExit=" + archive.group(1))
                        .contains("-jar /app/ordercast.jar"));
    }

    @Test
    void every_variable_the_image_and_the_manifests_set_names_a_real_property() throws IOException {
        Set<String> names = new HashSet<>(env(container()).keySet());
        names.addAll(composeService("ordercast").get("environment") instanceof Map<?, ?> environment
                ? stringKeys(environment) : Set.of());
        instructions(runtimeStage(), "ENV").forEach(env -> names.add(env.substring(0, env.indexOf('='))));
        names.removeIf(name -> !name.startsWith("ORDERCAST_"));
        assertThat(names).hasSizeGreaterThan(10);

        List<Pattern> known = knownVariables();
        assertThat(names).allSatisfy(name -> assertThat(known).as(name + " is the variable of a key in"
                + " application.properties or docs/operations.md's configuration reference")
                .anyMatch(pattern -> pattern.matcher(name).matches()));
    }

    @Test
    void routes_and_templates_configmaps_are_mounted_where_the_service_reads_them() throws IOException {
        Map<String, Object> container = container();
        Map<String, String> env = plainEnv(container);

        assertThat(mountOf(container, "ordercast-routes")).isEqualTo(env.get("ORDERCAST_ROUTES_DIR")).isNotBlank();
        assertThat(mountOf(container, "ordercast-templates")).isEqualTo(env.get("ORDERCAST_TEMPLATES_DIR"))
                .isNotBlank();

        Map<String, Object> routes = document(KUBERNETES.resolve("configmap-routes.yaml"), "ConfigMap");
        assertThat(map(routes, "metadata")).containsEntry("name", "ordercast-routes");
        assertThat(Files.readString(KUBERNETES.resolve("configmap-routes.yaml")))
                .contains("kubectl create configmap ordercast-routes --from-file=src/main/resources/routes/");
        assertThat(stringKeys(map(routes, "data"))).isNotEmpty().allSatisfy(key -> assertThat(
                Path.of("src/main/resources/routes", key)).as("a packaged route file").isRegularFile());

        Map<String, Object> templates = document(KUBERNETES.resolve("configmap-templates.yaml"), "ConfigMap");
        assertThat(map(templates, "metadata")).containsEntry("name", "ordercast-templates");
        List<Map<String, Object>> items = list(map(volume(container, "ordercast-templates"), "configMap"), "items");
        assertThat(items).isNotEmpty().allSatisfy(item -> {
            assertThat(map(templates, "data")).containsKey((String) item.get("key"));
            assertThat(Path.of("src/main/resources/templates", (String) item.get("path")))
                    .as("the packaged template it replaces").isRegularFile();
        });
    }

    @Test
    void every_secret_key_the_deployment_references_is_in_the_secret() throws IOException {
        Map<String, Object> secret = document(KUBERNETES.resolve("secret.yaml"), "Secret");
        String name = (String) map(secret, "metadata").get("name");
        Map<String, Object> values = map(secret, "stringData");

        List<Map<String, Object>> references = new ArrayList<>();
        for (Map<String, Object> variable : list(container(), "env")) {
            if (variable.get("valueFrom") instanceof Map<?, ?> from && from.get("secretKeyRef") instanceof Map<?, ?> ref) {
                references.add(cast(ref));
            }
        }
        assertThat(references).hasSizeGreaterThanOrEqualTo(4).allSatisfy(ref -> {
            assertThat(ref).containsEntry("name", name);
            assertThat(values).containsKey((String) ref.get("key"));
        });
        assertThat(env(container())).as("credentials come from the Secret, not from plain values")
                .hasEntrySatisfying("ORDERCAST_DB_PASSWORD", v -> assertThat(v).isInstanceOf(Map.class))
                .hasEntrySatisfying("ORDERCAST_API_TOKEN", v -> assertThat(v).isInstanceOf(Map.class))
                .hasEntrySatisfying("ORDERCAST_RABBITMQ_URL", v -> assertThat(v).isInstanceOf(Map.class));
    }

    @Test
    void the_container_runs_as_the_images_non_root_user_with_its_writable_paths_mounted() throws IOException {
        List<String> runtime = runtimeStage();
        String user = instruction(runtime, "USER");
        assertThat(user).as("numeric, so runAsNonRoot can be checked").matches("[0-9]+(:[0-9]+)?");
        long uid = Long.parseLong(user.split(":")[0]);
        assertThat(uid).isNotZero();

        Map<String, Object> pod = map(map(map(document(KUBERNETES.resolve("deployment.yaml"), "Deployment"),
                "spec"), "template"), "spec");
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", (int) uid);
        Map<String, Object> container = container();
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        // read-only root: the JVM's temporary files and ./data of the working directory need volumes
        String workdir = instruction(runtime, "WORKDIR");
        for (String writable : List.of("/tmp", workdir + "/data")) {
            assertThat(list(container, "volumeMounts")).as(writable).anySatisfy(mount -> {
                assertThat(mount).containsEntry("mountPath", writable);
                assertThat(list(pod, "volumes")).anySatisfy(volume -> assertThat(volume)
                        .containsEntry("name", mount.get("name")).containsKey("emptyDir"));
            });
        }
        assertThat(Files.readString(DOCKERFILE)).contains("chown " + user + " " + workdir + "/data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_starts_ordercast_after_healthy_rabbitmq_and_postgresql_and_points_at_them() throws IOException {
        Map<String, Object> ordercast = composeService("ordercast");
        Map<String, Object> rabbitmq = composeService("rabbitmq");
        Map<String, Object> postgres = composeService("postgres");
        assertThat(rabbitmq).containsEntry("image", "rabbitmq:3-management").containsKey("healthcheck");
        assertThat(postgres).containsEntry("image", "postgres:16").containsKey("healthcheck");
        assertThat(map(ordercast, "depends_on")).containsOnlyKeys("rabbitmq", "postgres").allSatisfy((service, how) ->
                assertThat(cast(how)).containsEntry("condition", "service_healthy"));
        Map<String, Object> build = map(ordercast, "build");
        assertThat(COMPOSE.getParent().resolve((String) build.get("context"))
                .resolve((String) build.getOrDefault("dockerfile", "Dockerfile")).normalize()).isEqualTo(DOCKERFILE);

        Map<String, Object> env = map(ordercast, "environment");
        assertThat(env).containsEntry("ORDERCAST_RABBITMQ_URL", "amqp://guest:guest@rabbitmq:5672");
        Map<String, Object> pg = map(postgres, "environment");
        assertThat(env).containsEntry("ORDERCAST_DB_URL", "jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"))
                .containsEntry("ORDERCAST_DB_USERNAME", pg.get("POSTGRES_USER"))
                .containsEntry("ORDERCAST_DB_PASSWORD", pg.get("POSTGRES_PASSWORD"));
        int port = Integer.parseInt(applicationProperties().getProperty("ordercast.http.port"));
        assertThat((List<Object>) ordercast.get("ports")).contains(port + ":" + port);
    }

    /**
     * The service as the Deployment configures it: its routes folder is what
     * {@code kubectl create configmap --from-file=src/main/resources/routes/} makes, and the templates folder
     * is the templates ConfigMap with the Deployment's items, both laid out as the kubelet lays out a
     * ConfigMap volume (a timestamped folder, a {@code ..data} link to it, a link per key). The probe paths
     * the manifest names must answer 200.
     */
    @Test
    void the_service_configured_as_the_deployment_says_answers_its_probes() throws Exception {
        Map<String, Object> container = container();
        Map<String, String> routeFiles = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.toList()) {
                routeFiles.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        Path routes = configMapVolume(work.resolve("routes"), routeFiles);
        Map<String, Object> templatesData = map(document(KUBERNETES.resolve("configmap-templates.yaml"), "ConfigMap"),
                "data");
        Map<String, String> templateFiles = new HashMap<>();
        for (Map<String, Object> item : list(map(volume(container, "ordercast-templates"), "configMap"), "items")) {
            templateFiles.put((String) item.get("path"), (String) templatesData.get((String) item.get("key")));
        }
        Path templates = configMapVolume(work.resolve("templates"), templateFiles);

        Properties defaults = applicationProperties();
        try (RunningService service = RunningService.start(Map.of(
                "ordercast.routes.dir", routes.toString(),
                "ordercast.templates.dir", templates.toString(),
                "ordercast.outbox.channels", defaults.getProperty("ordercast.outbox.channels")))) {
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                String path = (String) httpGet(container, probe).get("path");
                HttpResponse<String> answer = service.get(path, null);
                assertThat(answer.statusCode()).as(probe + " " + path).isEqualTo(200);
                assertThat(answer.body()).contains("\"UP\"");
            }
            assertThat(service.context().getRoutes()).as("the routes from the mounted folder")
                    .anySatisfy(route -> assertThat(route.getRouteId()).isEqualTo("send-webhook"))
                    .filteredOn(route -> route.getSourceLocation() != null)
                    .isNotEmpty().allSatisfy(route -> assertThat(route.getSourceLocation())
                            .as("from the mounted folder, or the packaged error handling (the folder has no error/)")
                            .satisfiesAnyOf(source -> assertThat(source).startsWith("file:" + routes + "/"),
                                    source -> assertThat(source).startsWith("classpath:error/")))
                    .anySatisfy(route -> assertThat(route.getSourceLocation()).startsWith("file:" + routes + "/"));
            Configuration freemarker = service.context().getComponent("freemarker", FreemarkerComponent.class)
                    .getConfiguration();
            for (Map.Entry<String, String> template : templateFiles.entrySet()) {
                assertThat(freemarker.getTemplate(template.getKey()).toString()).as(template.getKey())
                        .isEqualTo(template.getValue());
            }
        }
    }

    // --- the kubelet's ConfigMap volume layout ------------------------------------------------------------

    private static Path configMapVolume(Path root, Map<String, String> files) throws IOException {
        Path timestamped = root.resolve("..2025_01_01_00_00_00.000000001");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = timestamped.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Files.createSymbolicLink(root.resolve("..data"), timestamped.getFileName());
        Set<String> tops = new HashSet<>();
        files.keySet().forEach(path -> tops.add(path.split("/")[0]));
        for (String top : tops) {
            Files.createSymbolicLink(root.resolve(top), Path.of("..data", top));
        }
        return root;
    }

    // --- the Dockerfile ----------------------------------------------------------------------------------

    /** The last stage's instructions, continuation lines joined, comments left out. */
    private static List<String> runtimeStage() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    private static List<String> instructions(List<String> stage, String keyword) {
        return stage.stream().filter(i -> i.startsWith(keyword + " ")).map(i -> i.substring(keyword.length() + 1))
                .toList();
    }

    private static String instruction(List<String> stage, String keyword) {
        List<String> found = instructions(stage, keyword);
        assertThat(found).as("one " + keyword + " in the runtime stage").hasSize(1);
        return found.get(0);
    }

    // --- properties and their variables ----------------------------------------------------------------------

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * The variables of every key in application.properties (set or named in a comment) and in docs/operations.md's
     * configuration reference ({@code `ordercast.db.username` / `.password`}; {@code <channel>} stands for a name).
     */
    private static List<Pattern> knownVariables() throws IOException {
        List<String> keys = new ArrayList<>(stringKeys(applicationProperties()));
        Matcher inComments = Pattern.compile("ordercast\\.[a-z0-9.-]*[a-z0-9]")
                .matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        while (inComments.find()) {
            keys.add(inComments.group());
        }
        String operations = Files.readString(Path.of("docs/operations.md"));
        String reference = operations.substring(operations.indexOf("## Configuration reference"));
        for (String line : reference.lines().filter(l -> l.startsWith("| `")).toList()) {
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher code = Pattern.compile("`([^`]+)`").matcher(cell);
            String first = null;
            while (code.find()) {
                String key = code.group(1);
                if (first == null) {
                    first = key;
                    keys.add(key);
                } else if (key.startsWith(".")) {
                    keys.add(first.substring(0, first.lastIndexOf('.')) + key);
                }
            }
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String key : keys) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            patterns.add(Pattern.compile(Pattern.quote(variable)
                    .replaceAll("<[^>]+>", "\\\\E[A-Z0-9_]+\\\\Q").replace("_*", "_\\E[A-Z0-9_]+\\Q")));
        }
        return patterns;
    }

    // --- the manifests ---------------------------------------------------------------------------------

    private static Map<String, Object> document(Path file, String kind) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        for (Object document : load.loadAllFromString(Files.readString(file))) {
            if (document instanceof Map<?, ?> map && kind.equals(map.get("kind"))) {
                return cast(map);
            }
        }
        throw new AssertionError("no " + kind + " in " + file);
    }

    private static Map<String, Object> container() throws IOException {
        Map<String, Object> deployment = document(KUBERNETES.resolve("deployment.yaml"), "Deployment");
        List<Map<String, Object>> containers = list(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> composeService(String name) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        Map<String, Object> compose = cast((Map<?, ?>) load.loadFromString(Files.readString(COMPOSE)));
        return map(map(compose, "services"), name);
    }

    /** Each variable: its plain value, or its valueFrom. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            env.put((String) variable.get("name"), variable.containsKey("value")
                    ? String.valueOf(variable.get("value")) : variable.get("valueFrom"));
        }
        return env;
    }

    private static Map<String, String> plainEnv(Map<String, Object> container) {
        Map<String, String> plain = new HashMap<>();
        env(container).forEach((name, value) -> {
            if (value instanceof String s) {
                plain.put(name, s);
            }
        });
        return plain;
    }

    private static int containerPort(Map<String, Object> container, String name) {
        return list(container, "ports").stream().filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static Map<String, Object> httpGet(Map<String, Object> container, String probe) {
        return map(map(container, probe), "httpGet");
    }

    private static int probePort(Map<String, Object> container, String probe) {
        Object port = httpGet(container, probe).get("port");
        return port instanceof String name ? containerPort(container, name) : (Integer) port;
    }

    private static Map<String, Object> volume(Map<String, Object> container, String configMap) throws IOException {
        Map<String, Object> pod = map(map(map(document(KUBERNETES.resolve("deployment.yaml"), "Deployment"),
                "spec"), "template"), "spec");
        return list(pod, "volumes").stream()
                .filter(v -> v.get("configMap") instanceof Map<?, ?> c && configMap.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of ConfigMap " + configMap));
    }

    private static String mountOf(Map<String, Object> container, String configMap) throws IOException {
        Object volume = volume(container, configMap).get("name");
        return list(container, "volumeMounts").stream().filter(m -> Objects.equals(volume, m.get("name")))
                .map(m -> (String) m.get("mountPath")).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return cast((Map<?, ?>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static Set<String> stringKeys(Map<?, ?> map) {
        Set<String> keys = new HashSet<>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }
}
