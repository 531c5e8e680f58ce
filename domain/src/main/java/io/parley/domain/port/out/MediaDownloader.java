package io.parley.domain.port.out;

/** Fetches the bytes of media a customer sent, from the channel that received it. */
public interface MediaDownloader {

    /** The media's bytes and the content type the channel reported. */
    record Downloaded(byte[] bytes, String contentType) {
    }

    /**
     * @throws MediaDownloadException when the media could not be fetched, or is larger than {@code maxBytes}
     */
    Downloaded download(String mediaId, long maxBytes) throws MediaDownloadException;

    /** Why a download failed, and whether trying again later may help. */
    class MediaDownloadException extends Exception {

        private final boolean transientFailure;

        public MediaDownloadException(boolean transientFailure, String message, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }
}
