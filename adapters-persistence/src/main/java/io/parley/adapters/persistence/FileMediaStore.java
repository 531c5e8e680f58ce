package io.parley.adapters.persistence;

import io.micronaut.context.annotation.Value;
import io.parley.domain.port.out.MediaStorePort;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Media bytes as files, one per message id, under {@code parley.media.dir} (default {@code <data dir>/media}).
 * Written to a temporary file and moved into place, so a crash never leaves half a file under the final name.
 */
@Singleton
class FileMediaStore implements MediaStorePort {

    private final Path root;

    FileMediaStore(@Value("${parley.media.dir:${parley.data-dir:./data}/media}") String root) {
        this.root = Path.of(root).toAbsolutePath().normalize();
    }

    @Override
    public void store(UUID messageId, byte[] bytes) throws IOException {
        Files.createDirectories(root);
        Path target = root.resolve(messageId.toString());
        Path temporary = Files.createTempFile(root, messageId + ".", ".part");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void delete(UUID messageId) throws IOException {
        Files.deleteIfExists(root.resolve(messageId.toString()));
    }

    @Override
    public Optional<InputStream> open(UUID messageId) throws IOException {
        Path file = root.resolve(messageId.toString());
        return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
    }
}
