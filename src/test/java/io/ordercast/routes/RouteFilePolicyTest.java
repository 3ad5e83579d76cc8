package io.ordercast.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route file from the routes folder may use what ordercast's own route files use and nothing more: no command,
 * no file, no class of its choosing, no reach into the service through an expression.
 */
class RouteFilePolicyTest {

    private static RouteFileCheck ordercastOnly;

    @BeforeAll
    static void knownComponents() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ordercastOnly = RouteFileCheck.of(context, RouteAllowList.withExtra(List.of(), List.of()));
        }
    }

    static Stream<Path> ordercastRouteFiles() throws IOException {
        return Stream.of("routes", "error").map(Path.of("src/main/resources")::resolve).flatMap(dir -> {
            try {
                return Files.list(dir).filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList().stream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordercastRouteFiles")
    void should_pass_every_route_file_ordercast_ships(Path file) throws IOException {
        assertThat(ordercastOnly.problems(Files.readString(file))).isEmpty();
    }

    @Test
    void should_refuse_a_runtime_bean_naming_its_class() {
        String file = """
                - beans:
                    - name: r
                      type: java.lang.Runtime
                      factoryMethod: getRuntime
                - route:
                    id: pwn
                    from:
                      uri: timer:pwn
                      steps:
                        - bean:
                            ref: r
                            method: "exec('touch /tmp/pwned')"
                """;
        assertThat(ordercastOnly.problems(file)).singleElement().asString()
                .contains("$[0].beans[0].type").contains("class java.lang.Runtime is not allowed")
                .contains("ordercast.routes.allowed-bean-types");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "to: \"exec:true\"                                      | component 'exec'",
            "to: \"file:/tmp/out\"                                  | component 'file'",
            "to: {uri: file, parameters: {fileName: x}}            | component 'file'",
            "toD: \"seda:x\"                                        | component 'seda'",
            "to: \"bean:java.lang.ProcessBuilder?method=start\"     | class java.lang.ProcessBuilder",
            "bean: {beanType: java.lang.Runtime, method: getRuntime} | class java.lang.Runtime",
            "bean: {ref: java.lang.ProcessBuilder}                 | class java.lang.ProcessBuilder",
            "bean: {ref: \"{{evil}}\"}                             | must be written out",
            "setBody: {method: \"java.lang.Runtime?method=getRuntime\"} | class java.lang.Runtime",
            "setBody: {method: {beanType: java.lang.Runtime}}      | class java.lang.Runtime",
            "setBody: {simple: \"${body.getClass().forName('java.lang.Runtime')}\"} | method call with arguments",
            "setBody: {simple: \"${body.class.classLoader}\"}       | classes and class loaders",
            "setBody: {simple: \"${camelContext.stop}\"}            | CamelContext",
            "setBody: {simple: \"${exchange.context.registry}\"}    | CamelContext",
            "setBody: {simple: \"${bean:type:java.lang.Runtime}\"}  | names a class",
            "setBody: {simple: \"${bean:java.lang.Runtime.getRuntime}\"} | names a class",
            "log: {message: \"$simple{body.getClass()}\"}           | method call with arguments",
            "setBody: {language: {language: bean, expression: \"java.lang.Runtime?method=getRuntime\"}} | bean language",
            "throwException: {exceptionType: java.lang.ProcessBuilder, message: x} | class java.lang.ProcessBuilder",
            "throwException: {exceptionType: \"{{evil}}\", message: x} | must be written out",
            "unmarshal: {json: {library: Jackson, unmarshalType: java.lang.ProcessBuilder}} | class java.lang.ProcessBuilder",
            "to: {uri: \"kamelet:k\", parameters: {p: \"%24%7Bbody.getClass()%7D\"}} | method call with arguments",
            "aggregate: {correlationExpression: {constant: x}, aggregationStrategy: \"#class:java.lang.ProcessBuilder\", completionSize: 2, steps: [{log: x}]} | class java.lang.ProcessBuilder"
    })
    void should_refuse_a_step_that_reaches_past_the_allow_list(String step, String reason) {
        assertThat(String.join("; ", ordercastOnly.problems(routeWith(step)))).contains(reason.strip());
    }

    @Test
    void should_not_quote_a_password_of_a_refused_uri() {
        assertThat(String.join("; ", ordercastOnly.problems(routeWith("to: \"ftp://relay?username=u&password=s3cret\""))))
                .contains("component 'ftp'").doesNotContain("s3cret");
    }

    @Test
    void should_refuse_a_route_template_parameter_that_names_a_component_outside_the_list() {
        String file = """
                - templatedRoute:
                    routeTemplateRef: provider-call
                    routeId: call-x
                    parameters:
                      - name: uri
                        value: "file:/etc/passwd"
                """;
        assertThat(String.join("; ", ordercastOnly.problems(file))).contains("component 'file'");
    }

    @Test
    void should_refuse_a_second_yaml_document_the_schema_would_not_see() {
        String file = routeWith("log: {message: hello}") + "---\n- beans:\n    - name: r\n      type: java.lang.Runtime\n";
        assertThat(ordercastOnly.problems(file)).isNotEmpty();
    }

    @Test
    void should_admit_what_the_operator_adds() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteFileCheck extended = RouteFileCheck.of(context,
                    RouteAllowList.withExtra(List.of("file"), List.of("java.lang.StringBuilder")));
            assertThat(extended.problems(routeWith("to: \"file:/tmp/out\""))).isEmpty();
            assertThat(extended.problems("- beans:\n    - name: b\n      type: java.lang.StringBuilder\n")).isEmpty();
        }
    }

    @Test
    void should_let_a_route_read_the_message_and_call_registry_beans() {
        for (String step : List.of(
                "bean: {ref: orderTracker, method: \"markFollowedUp(${exchangeProperty.eventId})\"}",
                "setBody: {simple: \"${body[status]} ${header.x} ${exception.message} ${properties:a.b:c}\"}",
                "setBody: {simple: \"${bean:orderTracker.track} ${bean:orderTracker?method=track}\"}",
                "to: \"bean:apnsGateway?method=send\"",
                "log: {message: \"file: a word, not a URI\"}")) {
            assertThat(ordercastOnly.problems(routeWith(step))).as(step)
                    .allSatisfy(p -> assertThat(p).doesNotContain("class ").doesNotContain("expression"));
        }
    }

    private static String routeWith(String step) {
        return "- route:\n    id: r\n    from:\n      uri: direct:r\n      steps:\n        - " + step + "\n";
    }

    @Test
    void should_list_exactly_the_components_ordercast_uses_by_default() {
        assertThat(RouteAllowList.withExtra(List.of(), List.of()).components()).isEqualTo(Set.copyOf(
                RouteAllowList.ORDERCAST_COMPONENTS));
    }
}
