package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.SendFailedException;

/** Downloads received media with {@code NotificationMessagesClient.downloadMedia} (GET /messages/streams/{id}). */
final class AcsMediaDownloader implements MediaDownloader {

    private final NotificationMessagesClient client;
    private final java.time.Clock clock;

    AcsMediaDownloader(NotificationMessagesClient client, java.time.Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public Downloaded download(String mediaId, long maxBytes) throws MediaDownloadException {
        try {
            Response<BinaryData> response = client.downloadMediaWithResponse(mediaId, new RequestOptions());
            String length = response.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH);
            if (length != null && parse(length) > maxBytes) {
                throw new MediaDownloadException(false, "media " + mediaId + " is " + length
                        + " bytes; the limit is " + maxBytes, null);
            }
            byte[] bytes = response.getValue().toBytes();
            return new Downloaded(bytes, response.getHeaders().getValue(HttpHeaderName.CONTENT_TYPE));
        } catch (HttpResponseException e) {
            SendFailedException classified = AcsMessageSender.classify(e, clock);
            throw new MediaDownloadException(classified.isTransient(),
                    classified.code() + " " + classified.getMessage(), e);
        } catch (MediaDownloadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MediaDownloadException(true, "could not reach ACS: " + e, e);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
