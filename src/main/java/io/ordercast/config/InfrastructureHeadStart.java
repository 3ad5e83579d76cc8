package io.ordercast.config;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Begins the embedded broker and the embedded database as soon as the properties can be read, before Camel's
 * own configuration and the configuration classes run ({@link Infrastructure#headStart}): on embedded defaults
 * they were the longest wait of a start, and they need nothing those steps make.
 */
public final class InfrastructureHeadStart extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        Infrastructure.headStart(main.getCamelContext(), Settings.of(main.getCamelContext()));
    }
}
