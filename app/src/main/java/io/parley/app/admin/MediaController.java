package io.parley.app.admin;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MediaStorePort;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * The media a customer sent, by the id of its message. 200 with the bytes once downloaded; 404 with the reason
 * while it is pending, when it failed, or when the message has no media.
 */
@Controller("/api/media")
@ExecuteOn(TaskExecutors.BLOCKING)
class MediaController {

    private final MediaDownloadPort downloads;
    private final MediaStorePort store;

    MediaController(MediaDownloadPort downloads, MediaStorePort store) {
        this.downloads = downloads;
        this.store = store;
    }

    @Get("/{id}")
    HttpResponse<?> media(UUID id) throws IOException {
        Optional<MediaDownload> download = downloads.findDownload(id);
        if (download.isEmpty()) {
            return notFound("message " + id + " has no media");
        }
        MediaDownload d = download.get();
        if (d.status() != MediaDownload.Status.STORED) {
            return notFound("media of message " + id + " is " + d.status()
                    + (d.error() == null ? "" : ": " + d.error()));
        }
        Optional<InputStream> bytes = store.open(id);
        if (bytes.isEmpty()) {
            return notFound("media of message " + id + " is recorded as stored but its file is missing");
        }
        String type = d.contentType() != null ? d.contentType()
                : d.mimeType() != null ? d.mimeType() : MediaType.APPLICATION_OCTET_STREAM;
        MediaType mediaType;
        try {
            mediaType = MediaType.of(type);
        } catch (IllegalArgumentException e) {
            mediaType = MediaType.APPLICATION_OCTET_STREAM_TYPE;
        }
        String fileName = d.fileName() == null ? id.toString() : d.fileName().replaceAll("[\\r\\n\"\\\\]", "_");
        return HttpResponse.ok(new StreamedFile(bytes.get(), mediaType))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + fileName + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    }

    private static HttpResponse<ApiErrors> notFound(String reason) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of(reason));
    }
}
