package io.ordercast.config;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.push.ApnsGateway;
import io.ordercast.channel.push.ApnsSettings;
import io.ordercast.channel.push.FcmAccessToken;
import io.ordercast.channel.push.FcmCall;
import io.ordercast.channel.push.PushComposer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Mobile push (routes/channel-push.camel.yaml): the composer both providers share, FCM's call with its cached
 * OAuth2 access token, and APNs' one client. Bound whether or not a provider is configured, so the packaged
 * routes always start; an unconfigured provider is never called (its devices' notifications are SUPPRESSED,
 * see ChannelsConfiguration), and nothing here reads a key file or opens a connection before the first push.
 */
public class PushConfiguration implements CamelConfiguration {

    @BindToRegistry("pushComposer")
    public PushComposer pushComposer() {
        return new PushComposer();
    }

    /** One APNs client for all sends, made on the first one; closed when Camel stops (it is a Camel Service). */
    @BindToRegistry("apnsGateway")
    public ApnsGateway apnsGateway(CamelContext context) {
        Settings settings = Settings.of(context);
        return new ApnsGateway(new ApnsSettings(settings.string("ordercast.apns.host"), settings.integer("ordercast.apns.port"),
                settings.optional("ordercast.apns.key-file").map(Path::of).orElse(null),
                settings.optional("ordercast.apns.key-id").orElse(null),
                settings.optional("ordercast.apns.team-id").orElse(null),
                settings.optional("ordercast.apns.topic").orElse(null),
                settings.optional("ordercast.apns.trusted-certificate").map(Path::of).orElse(null),
                settings.duration("ordercast.push.timeout")));
    }

    @BindToRegistry("fcmCall")
    public FcmCall fcmCall(CamelContext context) {
        return new FcmCall(new FcmAccessToken(Settings.of(context).optional("ordercast.fcm.credentials-file").orElse(null)),
                new ObjectMapper());
    }
}
