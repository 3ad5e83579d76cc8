package io.ordercast.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Simple expressions ({@code ${...}}, {@code $simple{...}}) of a route file from the routes folder, held to
 * what ordercast's own routes need: reading the body, headers, properties, variables, the exception and the
 * configuration, and calling a registry bean by name. Simple's OGNL would otherwise call any public method of
 * whatever it reaches ({@code ${body.getClass().forName(...)}}, {@code ${camelContext.stop}}), and its bean
 * function would instantiate any class it is given the name of, which would undo the allow-list.
 */
final class SimpleExpressions {

    /** The exchange and the CamelContext lead to the registry, the class loader and the service's lifecycle. */
    private static final Pattern SERVICE_ROOT = Pattern.compile("^(exchange\\s*[.?\\[]|camelContext\\b)");
    private static final Pattern SEGMENTS = Pattern.compile("[.?\\[\\]\\s:]+");
    private static final Set<String> CLASS_SEGMENTS = Set.of("class", "getclass", "classloader", "getclassloader",
            "contextclassloader", "getcontextclassloader", "forname");

    private SimpleExpressions() {
    }

    /** One line per expression of {@code text} that reaches further than that. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        for (int start = next(text, 0); start >= 0; start = next(text, start + 1)) {
            int open = text.indexOf('{', start);
            int close = closing(text, open);
            String function = text.substring(open + 1, close).trim();
            String problem = problem(function);
            if (problem != null) {
                problems.add("${" + RouteFilePolicy.shortened(function) + "}: " + problem);
            }
        }
        return problems;
    }

    private static String problem(String function) {
        if (function.indexOf('(') >= 0) {
            return "a method call with arguments is not allowed in an expression"
                    + " (call a registry bean with bean: instead)";
        }
        if (SERVICE_ROOT.matcher(function).find()) {
            return "the exchange's and the CamelContext's own methods are not reachable from a route file";
        }
        for (String segment : SEGMENTS.split(function)) {
            if (CLASS_SEGMENTS.contains(segment.toLowerCase())) {
                return "classes and class loaders are not reachable from a route file";
            }
        }
        if (function.startsWith("bean:")) {
            String bean = function.substring("bean:".length());
            int query = bean.indexOf('?');
            String name = query < 0 ? bean : bean.substring(0, query);
            // name.method, or name?method=...: more dots name a class, which Camel would instantiate
            long dots = name.chars().filter(c -> c == '.').count();
            if (bean.startsWith("type:") || name.contains("$") || name.contains("{") || dots > (query < 0 ? 1 : 0)) {
                return "names a class, which Camel would instantiate; a route file calls registry beans by name";
            }
        }
        return null;
    }

    private static int next(String text, int from) {
        int dollar = text.indexOf("${", from);
        int simple = text.indexOf("$simple{", from);
        return dollar < 0 ? simple : simple < 0 ? dollar : Math.min(dollar, simple);
    }

    /** The index of the brace closing the one at {@code open}, or the text's end when it is not closed. */
    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}
