package io.ordercast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line a failed start prints: what ordercast said about it, not what Camel or a library wrapped around it. */
class FailedStartReasonTest {

    @Test
    void should_name_what_ordercast_said_over_the_causes_beneath_it_and_the_wrappers_around_it() {
        Exception ours = new UncheckedIOException("ordercast.templates.dir is not a readable folder: /srv/none",
                thrownBy("freemarker.cache.FileTemplateLoader", new IOException("/srv/none does not exist.")));
        Exception wrapped = thrownBy("org.apache.camel.support.ObjectHelper",
                new RuntimeCamelException(thrownBy("jdk.internal.reflect.Method", new InvocationTargetException(ours))));

        assertThat(OrdercastApplication.reason(wrapped))
                .isEqualTo("ordercast.templates.dir is not a readable folder: /srv/none");
    }

    @Test
    void should_take_the_deepest_message_when_ordercast_said_nothing() {
        Exception wrapped = thrownBy("org.apache.camel.support.ObjectHelper", new RuntimeCamelException("wrapper",
                thrownBy("org.h2.mvstore.FileStore", new IllegalStateException("The file is locked: data/ordercast.mv.db"))));

        assertThat(OrdercastApplication.reason(wrapped)).isEqualTo("The file is locked: data/ordercast.mv.db");
    }

    private static <T extends Throwable> T thrownBy(String className, T exception) {
        exception.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "run", null, -1)});
        return exception;
    }
}
