package io.parley.adapters.eventgrid;

/** The delivery cannot be read at all: answered 400 and kept as a dead letter. */
class InvalidDeliveryException extends RuntimeException {

    InvalidDeliveryException(String message) {
        super(message);
    }
}
