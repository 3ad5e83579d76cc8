package io.ordercast.channel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Templates in ordercast.templates.dir are edited by operators, not trusted as code: a template that
 * tries to run an OS command or reach Java classes fails to render, and nothing runs.
 */
class TemplateSandboxIT {

    @TempDir
    Path work;

    @Test
    void should_not_let_a_template_run_a_command() throws Exception {
        Path marker = work.resolve("pwned");
        Path templates = work.resolve("templates");
        Files.createDirectories(templates.resolve("order-created"));
        String hostile = """
                <#assign run = "freemarker.template.utility.Execute"?new()>
                <@m.email subject="Thanks for your order">
                <p>${run("touch %s")}</p>
                </@m.email>
                """.formatted(marker);
        Files.writeString(templates.resolve("order-created/email.en.ftlh"), hostile);
        Files.writeString(templates.resolve("order-created/email.zh-CN.ftlh"), hostile);

        try (Providers providers = new Providers()) {
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.templates.dir", templates.toString());
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.newOrderId();
                service.publish(event(orderId, "CREATED").sequence(1));

                await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications(orderId).stream()
                        .anyMatch(n -> "email".equals(n.get("channel")) && "FAILED".equals(n.get("status"))));
                assertThat(service.notifications(orderId)).filteredOn(n -> "email".equals(n.get("channel")))
                        .singleElement().satisfies(n -> assertThat((String) n.get("reason")).contains("not allowed in the template for security reasons"));
            }
        }
        assertThat(marker).doesNotExist();
    }
}
