package io.ordercast.config;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{millis:<key>}}} in a route file: the key's ISO-8601 duration (PT1S) in milliseconds, for the
 * Camel options that count in milliseconds (redelivery delays, timer periods). Operators write every
 * duration the same way; this is the one place they become milliseconds. A value in another form, such as
 * {@code 1000}, stops the start with the key named: Camel itself would read it as milliseconds and the
 * mistake would pass unnoticed. Camel finds this function by its name
 * (META-INF/services/org/apache/camel/properties-function/millis).
 */
public class MillisFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext context;

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String key) {
        Settings settings = Settings.of(context);
        return String.valueOf(settings.duration(key.trim()).toMillis());
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
