package io.ordercast.config;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.ordercast.OrdercastApplication;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker begins before the configuration classes check the channels' settings
 * (io.ordercast.config.InfrastructureHeadStart): a start that stops on such a setting must close it, or its
 * threads, which are not daemons, would keep the JVM of a failed start alive.
 */
class InfrastructureHeadStartIT {

    @Test
    void should_close_the_embedded_broker_it_began_when_a_channel_setting_stops_the_start() {
        // other test classes in this JVM may have left a broker of their own running: only new threads count
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Main main = OrdercastApplication.newMain();
        main.addOverrideProperty("ordercast.rabbitmq.url", "embedded");
        main.addOverrideProperty("ordercast.db.url", "jdbc:h2:file:./target/head-start/" + UUID.randomUUID()
                + "/ordercast;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000");
        main.addOverrideProperty("ordercast.http.port", "0");
        main.addOverrideProperty("ordercast.smtp.username", "mailer");

        assertThatThrownBy(() -> main.run(new String[0]))
                .hasStackTraceContaining("ordercast.smtp.username is set but the SMTP connection is not encrypted");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> !thread.isDaemon() && thread.isAlive() && !before.contains(thread))
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("Broker-") || name.startsWith("VirtualHostNode-")
                        || name.startsWith("IO-pool-") || name.startsWith("virtualhost-")));
    }
}
