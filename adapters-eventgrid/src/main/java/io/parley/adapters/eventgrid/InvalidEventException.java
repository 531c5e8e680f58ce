package io.parley.adapters.eventgrid;

/** One event of a delivery is unusable (a required field missing or of the wrong type): it is dead-lettered. */
class InvalidEventException extends RuntimeException {

    InvalidEventException(String message) {
        super(message);
    }
}
