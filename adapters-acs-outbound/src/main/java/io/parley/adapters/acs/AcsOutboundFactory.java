package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.communication.messages.NotificationMessagesClientBuilder;
import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.communication.common.implementation.CommunicationConnectionString;
import com.azure.communication.common.implementation.HmacAuthenticationPolicy;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPolicyProviders;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Configuration;
import com.azure.core.util.CoreUtils;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** The api-version of interactive sends unless PARLEY_ACS_INTERACTIVE_API_VERSION says otherwise. */
    public static final String DEFAULT_INTERACTIVE_API_VERSION = "2025-01-15-preview";

    private static final java.util.regex.Pattern API_VERSION =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    @Singleton
    AcsConnection acsConnection(@Value("${" + CONNECTION_STRING + "}") String connectionString,
                                @Value("${parley.acs.timeout:30s}") Duration timeout) {
        return connect(connectionString, timeout);
    }

    @Singleton
    MessageSender acsMessageSender(AcsConnection connection, Clock clock,
                                   @Value("${parley.acs.interactive-api-version:" + DEFAULT_INTERACTIVE_API_VERSION
                                           + "}") String interactiveApiVersion) {
        String version = interactiveApiVersion.strip();
        if (!API_VERSION.matcher(version).matches()) {
            throw new ConfigurationException("PARLEY_ACS_INTERACTIVE_API_VERSION is '" + interactiveApiVersion
                    + "'; it must be an ACS api-version such as " + DEFAULT_INTERACTIVE_API_VERSION);
        }
        return new AcsMessageSender(connection, version, clock);
    }

    @Singleton
    MediaDownloader acsMediaDownloader(AcsConnection connection, Clock clock) {
        return new AcsMediaDownloader(connection.client(), clock);
    }

    /**
     * A client whose only retries are the dispatcher's: each of them is then visible, backed off and recorded. Its
     * transport is OkHttp, which sends the Host header the SDK signs (without a port) as it is, and keeps enough idle
     * connections for every sender thread, so that sends do not pay for new TLS handshakes.
     */
    static AcsConnection connect(String connectionString, Duration timeout) {
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
        CommunicationConnectionString parsed = new CommunicationConnectionString(connectionString.strip());
        String endpoint = parsed.getEndpoint().replaceAll("/+$", "");
        HttpPipeline pipeline = pipeline(http, parsed.getAccessKey());
        NotificationMessagesClient client = new NotificationMessagesClientBuilder()
                .endpoint(endpoint)
                .pipeline(pipeline)
                .buildClient();
        return new AcsConnection(endpoint, pipeline, client);
    }

    /**
     * The pipeline {@code NotificationMessagesClientBuilder} builds for a connection string, policy for policy and in
     * its order (user agent, request id, headers from the context, retry, date, HMAC signature, logging), with
     * retries left to the dispatcher: built here once so that the SDK's client and the interactive sends share it.
     */
    private static HttpPipeline pipeline(HttpClient http, String accessKey) {
        Map<String, String> sdk = CoreUtils.getProperties("azure-communication-messages.properties");
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy(null, sdk.getOrDefault("name", "UnknownName"),
                sdk.getOrDefault("version", "UnknownVersion"), Configuration.getGlobalConfiguration()));
        policies.add(new RequestIdPolicy());
        policies.add(new AddHeadersFromContextPolicy());
        HttpPolicyProviders.addBeforeRetryPolicies(policies);
        policies.add(new RetryPolicy(new FixedDelay(0, Duration.ofMillis(1))));
        policies.add(new AddDatePolicy());
        policies.add(new HmacAuthenticationPolicy(new AzureKeyCredential(accessKey)));
        HttpPolicyProviders.addAfterRetryPolicies(policies);
        policies.add(new HttpLoggingPolicy(new HttpLogOptions()));
        return new HttpPipelineBuilder()
                .httpClient(http)
                .policies(policies.toArray(new HttpPipelinePolicy[0]))
                .build();
    }

    /** The SDK's client alone (media downloads and tests). */
    static NotificationMessagesClient client(String connectionString, Duration timeout) {
        return connect(connectionString, timeout).client();
    }
}
