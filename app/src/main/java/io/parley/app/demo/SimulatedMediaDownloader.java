package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.parley.domain.port.out.MediaDownloader;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Demo mode has no WhatsApp servers to fetch media from: the simulated channel hands back a small placeholder
 * picture that says so, so that the media pipeline (queue, download, store, serve) still runs end to end.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
class SimulatedMediaDownloader implements MediaDownloader {

    @Override
    public Downloaded download(String mediaId, long maxBytes) throws MediaDownloadException {
        String safeId = mediaId.replaceAll("[^A-Za-z0-9._-]", "_");
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">
                  <rect width="320" height="120" fill="#e7f6ea"/>
                  <text x="16" y="52" font-family="sans-serif" font-size="16">Simulated WhatsApp media</text>
                  <text x="16" y="80" font-family="monospace" font-size="11">%s</text>
                </svg>
                """.formatted(safeId);
        byte[] bytes = svg.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new MediaDownloadException(false, "placeholder larger than the limit", null);
        }
        return new Downloaded(bytes, "image/svg+xml");
    }
}
