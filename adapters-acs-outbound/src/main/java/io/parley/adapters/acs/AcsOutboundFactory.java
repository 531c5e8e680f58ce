package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.communication.messages.NotificationMessagesClientBuilder;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.MessageSender;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The real WhatsApp channel: present when {@code parley.acs.connection-string} (PARLEY_ACS_CONNECTION_STRING) is
 * set. Without it the app's simulated channel takes the {@link MessageSender} role.
 */
@Factory
@Requires(property = AcsOutboundFactory.CONNECTION_STRING, pattern = ".*\\S.*")
public class AcsOutboundFactory {

    public static final String CONNECTION_STRING = "parley.acs.connection-string";

    /**
     * ACS signs the Host header without a port; the JDK client would send its own Host (with a non-default port)
     * unless allowed to pass ours. Must be set before the JDK HTTP client initialises.
     */
    public static void allowSignedHostHeader() {
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        if (!allowed.toLowerCase(java.util.Locale.ROOT).contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed.isBlank() ? "host" : allowed + ",host");
        }
    }

    @Singleton
    NotificationMessagesClient notificationMessagesClient(
            @Value("${" + CONNECTION_STRING + "}") String connectionString,
            @Value("${parley.acs.timeout:30s}") Duration timeout) {
        return client(connectionString, timeout);
    }

    @Singleton
    MessageSender acsMessageSender(NotificationMessagesClient client) {
        return new AcsMessageSender(client);
    }

    @Singleton
    MediaDownloader acsMediaDownloader(NotificationMessagesClient client) {
        return new AcsMediaDownloader(client);
    }

    /** A client whose only retries are the dispatcher's: each of them is then visible, backed off and recorded. */
    static NotificationMessagesClient client(String connectionString, Duration timeout) {
        allowSignedHostHeader();
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(timeout)
                .readTimeout(timeout)
                .build();
        return new NotificationMessagesClientBuilder()
                .connectionString(connectionString.strip())
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
    }
}
