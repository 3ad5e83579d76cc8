package io.ordercast.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The outside world of the delivery stage in one place: a real SMTP server (GreenMail) and an HTTP
 * server (WireMock) standing in for the SMS gateway and the webhook receiver.
 */
public final class Providers implements AutoCloseable {

    public static final String SMS_TOKEN = "sms-token-123";
    public static final String WEBHOOK_SECRET = "webhook-secret-456";

    public GreenMail smtp;
    private final int smtpPort;
    private final List<MimeMessage> mailBeforeRestarts = new ArrayList<>();
    public final WireMockServer http;

    public Providers() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtpPort = smtp.getSmtp().getPort();
        http = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
        http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(200).withBody("{\"id\":\"gw-1\"}")));
        http.stubFor(post(urlEqualTo("/webhook")).willReturn(aResponse().withStatus(204)));
    }

    /** The SMTP server goes away: connections are refused until {@link #startSmtpAgain}. */
    public void stopSmtp() {
        Collections.addAll(mailBeforeRestarts, smtp.getReceivedMessages());
        smtp.stop();
    }

    /** A new SMTP server on the same port (a stopped GreenMail does not start again). */
    public void startSmtpAgain() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    /** Every mail received, across SMTP restarts. */
    public List<MimeMessage> allMail() {
        List<MimeMessage> all = new ArrayList<>(mailBeforeRestarts);
        Collections.addAll(all, smtp.getReceivedMessages());
        return all;
    }

    public void forgetMail() throws Exception {
        mailBeforeRestarts.clear();
        smtp.purgeEmailFromAllMailboxes();
    }

    /** The service properties that point every channel at these providers. */
    public Map<String, String> serviceProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("ordercast.outbox.channels", "email,sms,webhook");
        properties.put("ordercast.smtp.host", "127.0.0.1");
        properties.put("ordercast.smtp.port", String.valueOf(smtpPort));
        properties.put("ordercast.smtp.from", "orders@shop.example");
        properties.put("ordercast.sms.url", "http://127.0.0.1:" + http.port() + "/sms");
        properties.put("ordercast.sms.token", SMS_TOKEN);
        properties.put("ordercast.webhook.url", "http://127.0.0.1:" + http.port() + "/webhook");
        properties.put("ordercast.webhook.secret", WEBHOOK_SECRET);
        // a retry or a deferred notification is looked for this often
        properties.put("ordercast.notify.poll-interval", "PT0.2S");
        properties.put("ordercast.notify.retry.initial-delay", "PT0.1S");
        return properties;
    }

    @Override
    public void close() {
        smtp.stop();
        http.stop();
    }
}
