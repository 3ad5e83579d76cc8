package io.ordercast.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Every health check with its state and message, for GET /api/health (behind the API token): what an
 * operator needs to see why the service is DOWN. No stack traces and no check data (endpoint URIs, pool
 * state): the public /observe/health only says UP or DOWN.
 */
public class HealthReport {

    public Map<String, Object> report(CamelContext context) {
        // "full": every check; at the configured level (oneline) Camel would return only the first one
        List<HealthCheck.Result> results = new ArrayList<>(HealthCheckHelper.invoke(context, "full"));
        results.sort(Comparator.comparing(r -> r.getCheck().getId()));
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result result : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", result.getCheck().getId());
            check.put("status", result.getState().name());
            result.getMessage().ifPresent(message -> check.put("message", message));
            checks.add(check);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", HealthCheckHelper.isResultsUp(results, false) ? "UP" : "DOWN");
        report.put("checks", checks);
        return report;
    }
}
