package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.communication.messages.NotificationMessagesClientBuilder;
import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.MessageSender;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;

/**
 * The real WhatsApp channel: present when {@code parley.acs.connection-string} (PARLEY_ACS_CONNECTION_STRING) is
 * set. Without it the app's simulated channel takes the {@link MessageSender} role.
 */
@Factory
@Requires(property = AcsOutboundFactory.CONNECTION_STRING, pattern = ".*\\S.*")
public class AcsOutboundFactory {

    public static final String CONNECTION_STRING = "parley.acs.connection-string";

    @Singleton
    NotificationMessagesClient notificationMessagesClient(
            @Value("${" + CONNECTION_STRING + "}") String connectionString,
            @Value("${parley.acs.timeout:30s}") Duration timeout) {
        return client(connectionString, timeout);
    }

    @Singleton
    MessageSender acsMessageSender(NotificationMessagesClient client, Clock clock) {
        return new AcsMessageSender(client, clock);
    }

    @Singleton
    MediaDownloader acsMediaDownloader(NotificationMessagesClient client) {
        return new AcsMediaDownloader(client);
    }

    /**
     * A client whose only retries are the dispatcher's: each of them is then visible, backed off and recorded. Its
     * transport is OkHttp, which sends the Host header the SDK signs (without a port) as it is, and keeps enough idle
     * connections for every sender thread, so that sends do not pay for new TLS handshakes.
     */
    static NotificationMessagesClient client(String connectionString, Duration timeout) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        HttpClient http = new OkHttpAsyncHttpClientBuilder()
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .build();
        return new NotificationMessagesClientBuilder()
                .connectionString(connectionString.strip())
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
    }
}
