package io.parley.domain.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/** Where downloaded media bytes are kept (files under PARLEY_DATA_DIR by default). */
public interface MediaStorePort {

    void store(UUID messageId, byte[] bytes) throws IOException;

    /** Deletes the stored bytes, if any. */
    void delete(UUID messageId) throws IOException;

    /** The stored bytes, if any; the caller closes the stream. */
    Optional<InputStream> open(UUID messageId) throws IOException;
}
