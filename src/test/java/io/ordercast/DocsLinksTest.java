package io.ordercast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documents point where they say: every relative Markdown link in README.md, CHANGELOG.md, docs/ and deploy/
 * names a file of the repository and, for a Markdown file, a heading in it (GitHub's anchors); every citation of a
 * document in the sources ({@code docs/contract.md §3}) names a file that exists and a section it has; every route
 * file, Kamelet and template the documents' prose names is in src/main/resources; and docs/contract.md names every
 * property.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    /** {@code [text](target "title")} and {@code ![alt](target)}; the target has no spaces. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*([^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} */
    private static final Pattern LINK_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern SCHEME = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern ATX_HEADING = Pattern.compile("^\\s{0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^\\s{0,3}(?:=+|-+)\\s*$");
    private static final Pattern HTML_ID = Pattern.compile("<a\\s[^>]*(?:id|name)=\"([^\"]+)\"");
    /** What GitHub's slugger keeps of a heading: letters, marks, numbers, connector punctuation, '-' and ' '. */
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    /** A route file or Kamelet (perhaps with its folder), or a template under templates/. */
    private static final Pattern RESOURCE_NAME = Pattern.compile(
            "(?<![\\w<>./-])((?:src/main/resources/)?(?:(?:routes|error|kamelets)/)?[\\w-]+\\.(?:camel|kamelet)\\.yaml"
                    + "|(?:src/main/resources/)?templates/[\\w-]+/[\\w.-]+\\.ftlh?)(?![\\w.-])");

    /** A document named in a source file, perhaps with its section: {@code docs/contract.md §3}, {@code section 3}. */
    private static final Pattern DOC_CITATION = Pattern.compile(
            "(?<![\\w./-])((?:[\\w.-]+/)*[\\w-]+\\.md)\\b(?:,?\\s*(?:§\\s*|section\\s+)(\\d+))?");

    @Test
    void every_relative_link_in_the_docs_names_an_existing_file_and_heading() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/contract.md"),
                ROOT.resolve("docs/push-errors.md"));

        List<String> problems = new ArrayList<>();
        for (Path document : documents) {
            problems.addAll(brokenLinks(document));
        }

        assertThat(problems).as("links to files or headings that do not exist").isEmpty();
    }

    @Test
    void every_route_file_kamelet_and_template_the_docs_name_exists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path document : documents()) {
            List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
            for (String cited : resourcesNamed(lines)) {
                int colon = cited.indexOf(':');
                String problem = resourceProblem(cited.substring(colon + 1));
                if (problem != null) {
                    problems.add(where(document, Integer.parseInt(cited.substring(0, colon)) - 1) + ": " + problem);
                }
            }
        }

        assertThat(problems).as("route files, Kamelets or templates named in the docs that do not exist").isEmpty();
    }

    @Test
    void resource_names_are_read_from_prose_not_from_code_blocks() {
        assertThat(resourcesNamed(List.of("`routes/order-router.camel.yaml` and templates/order-paid/email.en.ftlh",
                "```", "route file /routes/exec.camel.yaml is refused", "```", "templates/<notification>/sms.<locale>.ftl")))
                .containsExactly("1:routes/order-router.camel.yaml", "1:templates/order-paid/email.en.ftlh");
        assertThat(resourceProblem("routes/order-router.camel.yaml")).isNull();
        assertThat(resourceProblem("outbox.camel.yaml")).contains("outbox.camel.yaml");
        assertThat(resourceProblem("error/order-router.camel.yaml")).contains("error/order-router.camel.yaml");
    }

    @Test
    void every_document_a_source_file_cites_exists_with_the_section_it_names() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources = sources();
        assertThat(sources).contains(ROOT.resolve("src/main/resources/schema/order-event.schema.json"));
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher cited = DOC_CITATION.matcher(lines.get(i));
                while (cited.find()) {
                    String problem = citationProblem(source, cited.group(1), cited.group(2));
                    if (problem != null) {
                        problems.add(where(source, i) + ": " + cited.group() + ": " + problem);
                    }
                }
            }
        }

        assertThat(problems).as("documents cited in the sources that are not where the citation says").isEmpty();
    }

    @Test
    void the_contract_names_every_property() throws IOException {
        String contract = Files.readString(ROOT.resolve("docs/contract.md"));
        Set<String> keys = new LinkedHashSet<>();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        properties.stringPropertyNames().stream().sorted().forEach(keys::add);
        // keys the file only names in comments (secrets, optional settings): whole keys, not class names
        Matcher named = Pattern.compile("(?<![\\w.])ordercast\\.[a-z0-9.-]*[a-z0-9](?![\\w.<-])")
                .matcher(Files.readString(ROOT.resolve("src/main/resources/application.properties")));
        while (named.find()) {
            keys.add(named.group());
        }
        // keys the Java code reads by name
        try (Stream<Path> java = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path file : java.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher literal = Pattern.compile("\"(ordercast\\.[a-z0-9.-]*[a-z0-9])\"").matcher(Files.readString(file));
                while (literal.find()) {
                    keys.add(literal.group(1));
                }
            }
        }
        assertThat(keys).contains("ordercast.rabbitmq.url", "ordercast.tracking.transitions.NEW",
                "ordercast.smtp.fallback.password", "camel.main.shutdown-timeout");

        List<String> missing = keys.stream()
                .filter(key -> !Pattern.compile("(?<![\\w.-])" + Pattern.quote(key) + "(?![\\w-])").matcher(contract).find())
                .toList();
        assertThat(missing).as("keys docs/contract.md does not name").isEmpty();
    }

    @Test
    void slugs_follow_githubs_rules() {
        assertThat(slug("Outcomes (v1.2 §2)")).isEqualTo("outcomes-v12-2");
        assertThat(slug("Operator's page")).isEqualTo("operators-page");
        assertThat(slug("3. Notifications: plan, channels")).isEqualTo("3-notifications-plan-channels");
        assertThat(slug("`ordercast.notify.*` and [links](x.md)")).isEqualTo("ordercastnotify-and-links");
        assertThat(slug("REFUND_REQUESTED → REFUNDED")).isEqualTo("refund_requested--refunded");
        assertThat(slug("Dependencies (checked 2026-11-28)")).isEqualTo("dependencies-checked-2026-11-28");
        assertThat(slug("推送 errors")).isEqualTo("推送-errors");
    }

    @Test
    void repeated_headings_get_numbered_anchors_and_code_blocks_hold_none() {
        List<String> lines = List.of("# Title", "## Setup", "```sh", "# not a heading", "```", "## Setup",
                "Another", "-------", "<a id=\"kept\"></a>");

        assertThat(anchors(lines)).containsExactlyInAnyOrder("title", "setup", "setup-1", "another", "kept");
    }

    @Test
    void links_in_code_are_not_links() {
        assertThat(links(List.of("see [a](a.md#x) and `[b](b.md)`", "```", "[c](c.md)", "```", "[d]: d.md")))
                .containsExactly("1:a.md#x", "5:d.md");
    }

    // --- the documents ---------------------------------------------------------------------------------

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        for (String top : List.of("README.md", "CHANGELOG.md")) {
            if (Files.exists(ROOT.resolve(top))) {
                documents.add(ROOT.resolve(top));
            }
        }
        for (String folder : List.of("docs", "deploy")) {
            if (Files.isDirectory(ROOT.resolve(folder))) {
                try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
                    files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
                }
            }
        }
        return documents;
    }

    private static List<String> brokenLinks(Path document) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
        for (String link : links(lines)) {
            int colon = link.indexOf(':');
            int line = Integer.parseInt(link.substring(0, colon)) - 1;
            String target = link.substring(colon + 1);
            String problem = linkProblem(document, target);
            if (problem != null) {
                problems.add(where(document, line) + ": (" + target + "): " + problem);
            }
        }
        return problems;
    }

    /** "line:target" of every link outside code, in order. */
    static List<String> links(List<String> lines) {
        List<String> links = new ArrayList<>();
        outsideCodeBlocks(lines).forEach((number, line) -> {
            String text = CODE_SPAN.matcher(line).replaceAll(" ");
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                links.add(number + ":" + inline.group(2));
            }
            Matcher definition = LINK_DEFINITION.matcher(text);
            if (definition.find()) {
                links.add(number + ":" + definition.group(1));
            }
        });
        return links;
    }

    /** The lines outside fenced code blocks, by their line number (from 1), in order. */
    private static SortedMap<Integer, String> outsideCodeBlocks(List<String> lines) {
        SortedMap<Integer, String> outside = new TreeMap<>();
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher opens = FENCE.matcher(line);
            if (fence == null && opens.find()) {
                fence = opens.group(1);
                continue;
            }
            if (fence != null) {
                if (closes(fence, line)) {
                    fence = null;
                }
                continue;
            }
            outside.put(i + 1, line);
        }
        return outside;
    }

    /** Why the link does not lead anywhere, or null when it does (links with a scheme are not checked). */
    private static String linkProblem(Path document, String target) {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = decode(hash < 0 ? target : target.substring(0, hash));
        String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
        Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(file)) {
            return "no such file " + ROOT.relativize(file);
        }
        if (anchor == null || anchor.isEmpty() || !file.toString().endsWith(".md") || !Files.isRegularFile(file)) {
            return null;
        }
        Set<String> anchors = anchors(readLines(file));
        return anchors.contains(anchor) ? null : "no heading #" + anchor + " in " + ROOT.relativize(file);
    }

    /** The anchors GitHub gives a Markdown file's headings (and its explicit {@code <a id>} anchors). */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String fence = null;
        String previous = null;
        for (String line : lines) {
            Matcher opens = FENCE.matcher(line);
            if (fence == null && opens.find()) {
                fence = opens.group(1);
                previous = null;
                continue;
            }
            if (fence != null) {
                if (closes(fence, line)) {
                    fence = null;
                }
                continue;
            }
            String heading = null;
            Matcher atx = ATX_HEADING.matcher(line);
            if (atx.matches()) {
                heading = atx.group(1) == null ? "" : atx.group(1);
            } else if (previous != null && SETEXT_UNDERLINE.matcher(line).matches()) {
                heading = previous.strip();
            }
            if (heading != null) {
                String slug = slug(heading);
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
                previous = null;
                continue;
            }
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) {
                anchors.add(id.group(1));
            }
            previous = paragraphLine(line) ? line : null;
        }
        return anchors;
    }

    /** Whether the line closes a code block opened by this fence: the same character, at least as many. */
    private static boolean closes(String fence, String line) {
        String trimmed = line.strip();
        return trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** A line that a setext underline below would turn into a heading. */
    private static boolean paragraphLine(String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.startsWith("|") && !trimmed.startsWith("-") && !trimmed.startsWith("*")
                && !trimmed.startsWith(">") && !trimmed.startsWith("<") && !trimmed.matches("\\d+[.)]\\s.*")
                && !line.startsWith("    ");
    }

    /** GitHub's anchor of a heading: its text as rendered, lower case, punctuation removed, each space a '-'. */
    static String slug(String heading) {
        String text = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        return NOT_IN_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    /** "line:name" of each route file, Kamelet or template (a concrete one, no placeholder) named outside code blocks. */
    static List<String> resourcesNamed(List<String> lines) {
        List<String> named = new ArrayList<>();
        outsideCodeBlocks(lines).forEach((number, line) -> {
            Matcher resource = RESOURCE_NAME.matcher(line);
            while (resource.find()) {
                named.add(number + ":" + resource.group(1));
            }
        });
        return named;
    }

    /**
     * Why a named route file, Kamelet or template is not in src/main/resources, or null: with its folder, at that
     * place; a bare file name, in any folder there.
     */
    static String resourceProblem(String name) {
        Path resources = ROOT.resolve("src/main/resources");
        String path = name.startsWith("src/main/resources/") ? name.substring("src/main/resources/".length()) : name;
        if (path.contains("/")) {
            return Files.isRegularFile(resources.resolve(path)) ? null : "no such file src/main/resources/" + path;
        }
        try (Stream<Path> files = Files.walk(resources)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(path)) ? null
                    : "no file " + path + " in src/main/resources";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the sources ------------------------------------------------------------------------------------

    private static List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String folder : List.of("src", "deploy")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
                files.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(java|ya?ml|json|properties|xml|ftlh?|js|html|css|sql)$"))
                        // this test's own examples are not citations
                        .filter(p -> !p.getFileName().toString().equals("DocsLinksTest.java"))
                        .sorted().forEach(sources::add);
            }
        }
        for (String top : List.of("Dockerfile", "pom.xml")) {
            if (Files.exists(ROOT.resolve(top))) {
                sources.add(ROOT.resolve(top));
            }
        }
        return sources;
    }

    /**
     * Why a cited document is not where the citation says, or null: the path is read from the repository's root
     * or from the citing file's folder; a section number must be a numbered heading of the document ("## 3. ...").
     */
    private static String citationProblem(Path source, String cited, String section) {
        Path file = Stream.of(ROOT.resolve(cited).normalize(), source.getParent().resolve(cited).normalize())
                .filter(Files::isRegularFile).findFirst().orElse(null);
        if (file == null) {
            return "no such document (from the repository's root: docs/<name>.md)";
        }
        if (section == null) {
            return null;
        }
        Pattern numbered = Pattern.compile("^#{1,6}\\s+" + section + "\\.\\s.*");
        return readLines(file).stream().anyMatch(line -> numbered.matcher(line).matches())
                ? null : "no section " + section + " in " + ROOT.relativize(file);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static String where(Path file, int lineIndex) {
        return ROOT.relativize(file) + ":" + (lineIndex + 1);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
