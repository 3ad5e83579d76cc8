package io.ordercast.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/integrators.md's worked example: an integrator tells the seller about shipments by adding one line to the
 * router's YAML and one template, in folders of their own, without a rebuild.
 */
class IntegratorRecipeIT {

    @TempDir
    Path work;

    @Test
    void should_send_a_notification_added_by_editing_the_router_yaml() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path router = routes.resolve("order-router.camel.yaml");
        String original = Files.readString(router);
        String buyerEmailOnShipped = "                  - to: \"plan:order-shipped?role=buyer&channel=email&priority=HIGH\"\n";
        assertThat(original).contains(buyerEmailOnShipped);
        Files.writeString(router, original.replace(buyerEmailOnShipped, buyerEmailOnShipped
                + "                  - to: \"plan:order-shipped-seller?role=seller&channel=email&priority=NORMAL\"\n"));
        Path templates = work.resolve("templates");
        Files.createDirectories(templates.resolve("order-shipped-seller"));
        Files.writeString(templates.resolve("order-shipped-seller/email.en.ftlh"), """
                <#import "/_lib/email.ftlh" as m>
                <@m.email subject="Shipped: ${orderId} via ${carrier}">
                <p>Order ${orderId} left the warehouse with ${carrier} (${trackingNumber}).</p>
                </@m.email>
                """);

        try (Providers providers = new Providers()) {
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.routes.dir", routes.toString());
            properties.put("ordercast.templates.dir", templates.toString());
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.newOrderId();
                List<String> states = List.of("CREATED", "PAID", "SHIPPED");
                for (int i = 0; i < states.size(); i++) {
                    Events.Builder e = event(orderId, states.get(i)).sequence(i + 1);
                    var shipment = e.node().putObject("shipment");
                    shipment.put("carrier", "SF Express");
                    shipment.put("trackingNumber", "SF1234567890");
                    service.publish(e);
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> sellerMails(providers).stream()
                        .anyMatch(m -> subject(m).equals("Shipped: " + orderId + " via SF Express")));
                assertThat(service.notifications(orderId)).filteredOn(n -> "order-shipped-seller".equals(n.get("template")))
                        .singleElement().satisfies(n -> assertThat(n).containsEntry("recipient", "seller:s-88")
                                .containsEntry("priority", "NORMAL").containsEntry("status", "SENT"));
            }
        }
    }

    private static List<MimeMessage> sellerMails(Providers providers) {
        return List.of(providers.smtp.getReceivedMessagesForDomain("acme.example"));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
