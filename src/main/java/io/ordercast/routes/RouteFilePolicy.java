package io.ordercast.routes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.util.URISupport;

/**
 * Holds a route file from the routes folder to the allow-list before Camel reads it (Camel creates a file's
 * {@code beans} while it reads it): every component an endpoint URI names, every class Camel would instantiate
 * or call for the file ({@code beans} types, {@code beanType}, {@code #class:}, a bean reference that is a class
 * name), and every Simple expression ({@link SimpleExpressions}). A URI computed at run time ({@code toD},
 * a property) is held to the same list when Camel resolves it ({@link AllowedComponents}).
 */
public final class RouteFilePolicy {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern BARE_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*$");
    private static final Pattern CLASS_VALUE = Pattern.compile("#class:([^\\s\"'(#,&?]+)");
    /** Keys whose text is an endpoint URI, or a component name alone with its options in parameters. */
    private static final Set<String> URI_KEYS = Set.of("uri", "to", "toD", "from", "wireTap", "deadLetterUri");
    /** Keys whose text is a class Camel instantiates or calls (data formats and REST bindings create their types). */
    private static final Set<String> CLASS_KEYS = Set.of("beanType", "unmarshalType",
            "collectionType", "builderClass", "outType");
    private static final Set<String> REST_VERBS = Set.of("get", "post", "put", "patch", "delete", "head");

    private final RouteAllowList allowList;
    private final Set<String> knownComponents;

    /** {@code knownComponents}: the component names on the class path, so that a URI in any text is recognised. */
    public RouteFilePolicy(RouteAllowList allowList, Set<String> knownComponents) {
        this.allowList = allowList;
        this.knownComponents = Set.copyOf(knownComponents);
    }

    /** What the file uses outside the allow-list, each with where it is; empty when nothing. */
    public List<String> problems(JsonNode routes) {
        Set<String> problems = new LinkedHashSet<>();
        walk(routes, "$", "", problems);
        return List.copyOf(problems);
    }

    private void walk(JsonNode node, String path, String ownerKey, Set<String> problems) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                String at = path + "." + key;
                if ("beans".equals(key) && value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        beanDeclaration(value.get(i), at + "[" + i + "]", problems);
                    }
                }
                if (value.isTextual()) {
                    String text = value.asText();
                    if (URI_KEYS.contains(key)) {
                        uri(text, at, true, problems);
                    }
                    if (CLASS_KEYS.contains(key) || ("type".equals(key) && REST_VERBS.contains(ownerKey))) {
                        type(text, at, problems);
                    }
                    if ("exceptionType".equals(key) && !throwable(text.trim())) {
                        type(text, at, problems);
                    }
                }
                if (beanCall(key, ownerKey)) {
                    JsonNode ref = value.isTextual() ? value : value.get("ref");
                    if (ref != null && ref.isTextual()) {
                        reference(ref.asText(), at, problems);
                    }
                }
                if ("language".equals(key) && value.isObject() && "bean".equals(value.path("language").asText())) {
                    problems.add(at + ": the bean language takes class names;"
                            + " call a registry bean with method: {ref: ...}");
                }
                walk(value, at, key, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", ownerKey, problems);
            }
        } else if (node.isTextual()) {
            text(node.asText(), path, problems);
        }
    }

    /** {@code bean:} the step, or {@code method:} the expression (inside either, {@code method} is a method name). */
    private static boolean beanCall(String key, String ownerKey) {
        return "bean".equals(key) || "method".equals(key) && !"bean".equals(ownerKey) && !"method".equals(ownerKey);
    }

    private void beanDeclaration(JsonNode bean, String at, Set<String> problems) {
        JsonNode type = bean.get("type");
        if (type != null && type.isTextual()) {
            type(type.asText(), at + ".type", problems);
        }
        JsonNode factoryBean = bean.get("factoryBean");
        if (factoryBean != null && factoryBean.isTextual()) {
            reference(factoryBean.asText(), at + ".factoryBean", problems);
        }
        if (bean.has("script") || bean.has("scriptLanguage")) {
            problems.add(at + ": a bean made by a script is not allowed");
        }
    }

    /** Text in any place: a URI of a known component, a {@code #class:} value, Simple expressions, also URL-decoded. */
    private void text(String text, String at, Set<String> problems) {
        for (String form : new LinkedHashSet<>(List.of(text, decoded(text)))) {
            Matcher classValue = CLASS_VALUE.matcher(form);
            while (classValue.find()) {
                type(classValue.group(1), at, problems);
            }
            uri(form, at, false, problems);
            SimpleExpressions.problems(form).forEach(problem -> problems.add(at + ": " + problem));
        }
    }

    private void uri(String text, String at, boolean uriPosition, Set<String> problems) {
        String uri = text.trim();
        if (uri.startsWith("{{") || uri.startsWith("$")) {
            return; // computed when the route runs: AllowedComponents holds it to the list then
        }
        Matcher scheme = SCHEME.matcher(uri);
        String component = scheme.find() ? scheme.group(1)
                : uriPosition && BARE_NAME.matcher(uri).matches() ? uri : null;
        if (component == null || !uriPosition && !knownComponents.contains(component)) {
            return;
        }
        if (!allowList.allowsComponent(component)) {
            // sanitised: a URI can carry a password, and the refusal is logged
            problems.add(at + ": component '" + component + "' (" + shortened(URISupport.sanitizeUri(uri))
                    + ") is not allowed; "
                    + RouteAllowList.COMPONENTS_KEY + " adds components");
        } else if ("bean".equals(component)) {
            String name = uri.substring("bean:".length()).replaceFirst("^//", "");
            int query = name.indexOf('?');
            reference(query < 0 ? name : name.substring(0, query), at, problems);
        }
    }

    /** A registry bean's name is fine; Camel takes a name not in the registry as a class to instantiate. */
    private void reference(String name, String at, Set<String> problems) {
        if (name.contains("{{") || name.contains("${")) {
            problems.add(at + ": a bean reference must be written out ('" + shortened(name)
                    + "'): a placeholder could name a class");
        } else if (name.contains(".")) {
            type(name, at, problems);
        }
    }

    private void type(String text, String at, Set<String> problems) {
        String type = text.trim().replaceFirst("^#class:", "").replaceFirst("^#type:", "");
        int end = type.length();
        for (char stop : new char[] {'(', '#', '?'}) {
            end = type.indexOf(stop) >= 0 ? Math.min(end, type.indexOf(stop)) : end;
        }
        type = type.substring(0, end).trim();
        if (type.contains("{{") || type.contains("${")) {
            problems.add(at + ": a class name must be written out ('" + shortened(type) + "')");
        } else if (!allowList.allowsType(type)) {
            problems.add(at + ": class " + type + " is not allowed; " + RouteAllowList.BEAN_TYPES_KEY
                    + " adds bean types");
        }
    }

    /** throwException makes an exception of its type: any exception is fine, loaded here without running its code. */
    private static boolean throwable(String className) {
        try {
            return Throwable.class.isAssignableFrom(
                    Class.forName(className, false, RouteFilePolicy.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return text;
        }
    }

    static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
