package io.ordercast.recipient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The device registry of docs/contract.md §4: PUT and DELETE /api/recipients/{id}/devices/{token}. */
class DeviceRegistryIT {

    private static final String ANDROID = "fcm-token_0123456789:abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ";
    private static final String IOS = "8a4f2c9e1b7d3f6a0c5e9b2d4f8a1c6e3b7d0f5a9c2e6b1d4f8a3c7e0b5d9f2a";

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_register_several_devices_of_a_recipient_and_forget_one() throws Exception {
        assertThat(service.put("/api/recipients/u-7/devices/" + ANDROID, "{\"platform\":\"android\"}").statusCode()).isEqualTo(204);
        assertThat(service.put("/api/recipients/u-7/devices/" + IOS, "{\"platform\":\"ios\"}").statusCode()).isEqualTo(204);
        // registering again refreshes it, never a second row
        assertThat(service.put("/api/recipients/u-7/devices/" + ANDROID, "{\"platform\":\"android\"}").statusCode()).isEqualTo(204);
        assertThat(devices().of("u-7")).extracting(RecipientDevices.Device::token, RecipientDevices.Device::platform)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(ANDROID, "android"),
                        org.assertj.core.groups.Tuple.tuple(IOS, "ios"));

        assertThat(service.delete("/api/recipients/u-7/devices/" + ANDROID).statusCode()).isEqualTo(204);
        assertThat(devices().of("u-7")).extracting(RecipientDevices.Device::token).containsExactly(IOS);
        // deleting what is not there is still 204: a client may repeat the call
        assertThat(service.delete("/api/recipients/u-7/devices/" + ANDROID).statusCode()).isEqualTo(204);
    }

    @Test
    void should_refuse_a_bad_platform_or_token_with_the_reason() throws Exception {
        HttpResponse<String> platform = service.put("/api/recipients/u-8/devices/" + ANDROID, "{\"platform\":\"windows\"}");
        assertThat(platform.statusCode()).isEqualTo(400);
        assertThat(platform.body()).contains("platform must be \\\"android\\\" or \\\"ios\\\"");

        HttpResponse<String> shortToken = service.put("/api/recipients/u-8/devices/abc", "{\"platform\":\"android\"}");
        assertThat(shortToken.statusCode()).isEqualTo(400);
        assertThat(shortToken.body()).contains("FCM registration token");

        HttpResponse<String> notHex = service.put("/api/recipients/u-8/devices/" + ANDROID, "{\"platform\":\"ios\"}");
        assertThat(notHex.statusCode()).isEqualTo(400);
        assertThat(notHex.body()).contains("APNs device token");

        assertThat(service.put("/api/recipients/u-8/devices/" + IOS, "not json").statusCode()).isEqualTo(400);
        assertThat(devices().of("u-8")).isEmpty();
    }

    @Test
    void should_refuse_a_call_without_the_api_token() throws Exception {
        HttpResponse<String> put = service.send(HttpRequest.newBuilder(service.uri("/api/recipients/u-9/devices/" + IOS))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"platform\":\"ios\"}")).build());
        HttpResponse<String> delete = service.send(HttpRequest.newBuilder(service.uri("/api/recipients/u-9/devices/" + IOS))
                .DELETE().build());
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(delete.statusCode()).isEqualTo(401);
        assertThat(devices().of("u-9")).isEmpty();
    }

    private static RecipientDevices devices() {
        return service.context().getRegistry().lookupByNameAndType("recipientDevices", RecipientDevices.class);
    }
}
