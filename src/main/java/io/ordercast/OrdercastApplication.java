package io.ordercast;

import java.util.Arrays;

import io.ordercast.demo.DemoRun;
import io.ordercast.observe.PrometheusRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.Main;

/** Starts ordercast; {@code --demo} also publishes a sample order lifecycle and prints its timeline. */
public final class OrdercastApplication {

    private OrdercastApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = newMain(Arrays.asList(args).contains("--demo"));
        main.run(Arrays.stream(args).filter(a -> !"--demo".equals(a)).toArray(String[]::new));
    }

    /** The application, with the demo's upstream order system when {@code demo} ({@code --demo}). */
    public static Main newMain(boolean demo) {
        Main main = newMain();
        if (demo) {
            main.addMainListener(new DemoRun());
        }
        return main;
    }

    /** The application as tests boot it too: configuration class plus the YAML routes. */
    public static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(OrdercastConfiguration.class);
        // bound here, not in OrdercastConfiguration: camel-micrometer-prometheus looks for it before
        // configuration classes run, and makes a registry of its own when it finds none
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusRegistry.create());
        main.addMainListener(new RoutesLocation());
        return main;
    }
}
