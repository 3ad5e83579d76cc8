package io.ordercast.channel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/integrators.md's "Add a channel": a channel that tells the shop's CRM about paid orders, added with one
 * YAML file, one router line, its properties and its templates; no Java, no rebuild.
 */
class ChannelRecipeIT {

    private static final String CRM_CHANNEL = """
            # the crm channel: the rendered JSON, POSTed to the CRM (camel-http)
            - templatedRoute:
                routeTemplateRef: notify-channel
                routeId: notify-crm
                parameters:
                  - name: channel
                    value: crm

            - route:
                id: send-crm
                routeConfigurationId: propagate-errors
                from:
                  uri: direct:send-crm
                  steps:
                    - bean:
                        ref: notificationTemplates
                        method: prepare
                    - to:
                        uri: freemarker:notification
                        parameters:
                          allowTemplateFromHeader: true
                    - setHeader:
                        name: Content-Type
                        constant: application/json
                    - setHeader:
                        name: CamelHttpMethod
                        constant: POST
                    - to:
                        uri: direct:call-crm

            - templatedRoute:
                routeTemplateRef: provider-call
                routeId: call-crm
                parameters:
                  - name: provider
                    value: crm
                  - name: uri
                    value: "${properties:ordercast.crm.url}"
            """;

    @TempDir
    Path work;

    @Test
    void should_deliver_on_a_channel_added_with_yaml_properties_and_templates_only() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Files.writeString(routes.resolve("channel-crm.camel.yaml"), CRM_CHANNEL);
        Path router = routes.resolve("order-router.camel.yaml");
        String paidLine = "                  - to: \"plan:order-paid?role=carrier&channel=webhook&priority=HIGH\"\n";
        String original = Files.readString(router);
        assertThat(original).contains(paidLine);
        Files.writeString(router, original.replace(paidLine, paidLine
                + "                  - to: \"plan:order-paid?role=seller&channel=crm&priority=NORMAL\"\n"));
        Path templates = work.resolve("templates");
        Files.createDirectories(templates.resolve("order-paid"));
        Files.writeString(templates.resolve("order-paid/crm.en.ftl"), """
                {"order": "${orderId}", "state": "${state}", "customer": "${buyerName}", "total": "${total}"}
                """);

        try (Providers providers = new Providers()) {
            providers.http.stubFor(post(urlEqualTo("/crm")).willReturn(aResponse().withStatus(201)));
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.routes.dir", routes.toString());
            properties.put("ordercast.templates.dir", templates.toString());
            properties.put("ordercast.outbox.channels", "email,sms,webhook,crm");
            properties.put("ordercast.channel.crm.requires", "ordercast.crm.url");
            properties.put("ordercast.crm.url", "http://127.0.0.1:" + providers.http.port() + "/crm");
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.newOrderId();
                service.publish(event(orderId, "CREATED").sequence(1));
                service.publish(event(orderId, "PAID").sequence(2));

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(service.notifications(orderId))
                        .filteredOn(n -> "crm".equals(n.get("channel"))).singleElement()
                        .satisfies(n -> assertThat(n).containsEntry("status", "SENT").containsEntry("template", "order-paid")));
                providers.http.verify(1, postRequestedFor(urlEqualTo("/crm"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"order\":\"" + orderId + "\",\"state\":\"PAID\","
                                + "\"customer\":\"${json-unit.any-string}\",\"total\":\"${json-unit.any-string}\"}")));
            }
        }
    }
}
