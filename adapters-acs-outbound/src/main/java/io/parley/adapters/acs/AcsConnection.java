package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.core.http.HttpPipeline;

/**
 * One ACS resource as Parley talks to it: the SDK's client, and the very pipeline it sends through (transport,
 * retry policy, date and HMAC signature), for the requests SDK 1.0.0 cannot make (interactive messages).
 *
 * @param endpoint the resource's address, without a trailing slash
 */
record AcsConnection(String endpoint, HttpPipeline pipeline, NotificationMessagesClient client) {
}
