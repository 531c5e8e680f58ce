package io.parley.adapters.acs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.port.out.MediaDownloader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** downloadMedia through the real SDK against the HTTPS stand-in. */
class AcsMediaDownloaderTest {

    private static AcsStub stub;
    private static AcsMediaDownloader downloader;

    @BeforeAll
    static void start() {
        AcsStub.trustStubByDefault();
        stub = AcsStub.start();
        downloader = new AcsMediaDownloader(AcsOutboundFactory.client(stub.connectionString(), Duration.ofSeconds(5)),
                java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void downloadsSignedWithTheContentType() throws Exception {
        stub.media("22222222-2222-2222-2222-222222222222", "image/jpeg", "JPEG-BYTES");
        MediaDownloader.Downloaded media = downloader.download("22222222-2222-2222-2222-222222222222", 1000);
        assertEquals("JPEG-BYTES", new String(media.bytes(), StandardCharsets.UTF_8));
        assertEquals("image/jpeg", media.contentType());
        AcsStub.Recorded request = stub.requests().get(stub.requests().size() - 1);
        assertTrue(request.signatureValid(), request.signatureProblem());
        assertEquals("/messages/streams/22222222-2222-2222-2222-222222222222?api-version=2024-02-01",
                request.pathAndQuery());
    }

    @Test
    void missingMediaIsPermanentAndTooLargeIsRefused() {
        MediaDownloader.MediaDownloadException missing = assertThrows(MediaDownloader.MediaDownloadException.class,
                () -> downloader.download("nope", 1000));
        assertFalse(missing.isTransient());
        stub.media("big", "video/mp4", "x".repeat(2000));
        MediaDownloader.MediaDownloadException big = assertThrows(MediaDownloader.MediaDownloadException.class,
                () -> downloader.download("big", 1000));
        assertFalse(big.isTransient());
        assertTrue(big.getMessage().contains("limit"), big.getMessage());
    }

    @Test
    void serverErrorsAreTransient() {
        stub.enqueue(503, "{}");
        MediaDownloader.MediaDownloadException busy = assertThrows(MediaDownloader.MediaDownloadException.class,
                () -> downloader.download("any", 1000));
        assertTrue(busy.isTransient());
    }
}
