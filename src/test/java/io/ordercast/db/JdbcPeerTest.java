package io.ordercast.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a message about a database that does not answer names: its host and port, nothing else of the URL. */
class JdbcPeerTest {

    @Test
    void should_name_host_and_port_with_the_drivers_default_port_when_the_url_has_none() {
        assertThat(JdbcPeer.of("jdbc:postgresql://db.example.net:6432/ordercast")).hasValue("db.example.net:6432");
        assertThat(JdbcPeer.of("jdbc:postgresql://postgres/ordercast")).hasValue("postgres:5432");
        assertThat(JdbcPeer.of("jdbc:postgresql:ordercast")).hasValue("localhost:5432");
        assertThat(JdbcPeer.of("jdbc:h2:tcp://127.0.0.1/probes;MODE=PostgreSQL")).hasValue("127.0.0.1:9092");
        assertThat(JdbcPeer.of("jdbc:postgresql://[::1]/ordercast")).hasValue("[::1]:5432");
    }

    @Test
    void should_name_every_host_of_a_multi_host_url() {
        assertThat(JdbcPeer.of("jdbc:postgresql://pg-a:5432,pg-b/ordercast?targetServerType=primary"))
                .hasValue("pg-a:5432,pg-b:5432");
    }

    @Test
    void should_leave_out_credentials_and_properties_of_the_url() {
        assertThat(JdbcPeer.of("jdbc:postgresql://user:secret@pg:5433/ordercast?password=secret")).hasValue("pg:5433");
        assertThat(JdbcPeer.of("jdbc:postgresql://pg?password=secret")).hasValue("pg:5432");
    }

    @Test
    void should_name_nothing_for_a_database_inside_the_process() {
        assertThat(JdbcPeer.of(DatabaseSettings.EMBEDDED_URL)).isEmpty();
        assertThat(JdbcPeer.of("jdbc:h2:mem:test")).isEmpty();
    }
}
